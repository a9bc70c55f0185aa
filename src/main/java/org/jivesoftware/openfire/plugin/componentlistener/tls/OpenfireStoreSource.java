package org.jivesoftware.openfire.plugin.componentlistener.tls;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.port.ServerCertificates;

/**
 * Openfire's own certificate for the XMPP domain, from the identity store its direct-TLS ports use, so that the
 * admin console's certificates page governs it. Of several for the domain, the one valid now that expires last.
 */
final class OpenfireStoreSource implements CertificateSource {
    private static final int SAN_DNS_NAME = 2;

    private final ServerCertificates openfire;
    private final String domain;

    OpenfireStoreSource(ServerCertificates openfire, String domain) {
        this.openfire = openfire;
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    @Override
    public ServerIdentity load() throws TlsSetupException {
        KeyStore store;
        char[] password;
        try {
            store = openfire.identityStore();
            password = openfire.identityStorePassword();
        } catch (RuntimeException e) {
            throw new TlsSetupException(Message.of("error.tls.store.unreadable", e.getMessage()));
        }
        List<String> aliases = domainAliases(store);
        if (aliases.isEmpty()) {
            throw new TlsSetupException(Message.of("error.tls.store.none", domain));
        }
        Instant now = Instant.now();
        // Valid ones first, then the one that expires last: an expired one is reported only if nothing else is left.
        aliases.sort(Comparator.<String, Boolean>comparing(alias -> !validAt(leaf(store, alias), now))
            .thenComparing(alias -> leaf(store, alias).getNotAfter(), Comparator.reverseOrder()));
        String alias = aliases.get(0);
        Message name = Message.of("tls.where.store", domain, alias);
        try {
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey)) {
                throw new TlsSetupException(Message.of("error.tls.store.nokey", name));
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) certificate);
            }
            return ServerIdentity.checked((PrivateKey) key, chain, now, name, name);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(Message.of("error.tls.store.keyunreadable", name, e.getMessage()));
        }
    }

    @Override
    public boolean mayHaveChanged(boolean openfireStoreChanged) {
        return openfireStoreChanged;
    }

    /** The key entries whose certificate names the XMPP domain. */
    private List<String> domainAliases(KeyStore store) throws TlsSetupException {
        List<String> aliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate
                    && names(leaf(store, alias), domain)) {
                    aliases.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(Message.of("error.tls.store.unreadable", e.getMessage()));
        }
        return aliases;
    }

    private static X509Certificate leaf(KeyStore store, String alias) {
        try {
            return (X509Certificate) store.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validAt(X509Certificate certificate, Instant now) {
        return !now.isBefore(certificate.getNotBefore().toInstant()) && !now.isAfter(certificate.getNotAfter().toInstant());
    }

    /** True when a DNS name of the certificate (or its common name, when it has none) is the domain or covers it. */
    static boolean names(X509Certificate certificate, String domain) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (Integer.valueOf(SAN_DNS_NAME).equals(alternative.get(0))) {
                        names.add(alternative.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names.isEmpty()) {
            names.add(commonName(certificate.getSubjectX500Principal()));
        }
        return names.contains(domain) || names.contains("*." + domain);
    }

    private static String commonName(X500Principal subject) {
        for (String part : subject.getName(X500Principal.RFC2253).split(",")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }
}
