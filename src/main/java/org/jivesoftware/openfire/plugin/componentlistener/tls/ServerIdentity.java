package org.jivesoftware.openfire.plugin.componentlistener.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** A private key and the certificate chain it belongs to (server certificate first), checked to be usable now. */
final class ServerIdentity {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    private ServerIdentity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(new X509Certificate[0]);
    }

    /**
     * The key and chain, once the server certificate is valid at the moment given and the key is the one it
     * certifies. {@code certificateName} and {@code keyName} say where they came from, for the error messages.
     */
    static ServerIdentity checked(PrivateKey key, List<X509Certificate> chain, Instant now, Message certificateName,
                                  Message keyName) throws TlsSetupException {
        X509Certificate certificate = chain.get(0);
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new TlsSetupException(Message.of("error.tls.expired", certificateName,
                certificate.getNotAfter().toInstant()));
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new TlsSetupException(Message.of("error.tls.notyet", certificateName,
                certificate.getNotBefore().toInstant()));
        }
        if (!matches(key, certificate)) {
            throw new TlsSetupException(Message.of("error.tls.mismatch", keyName, certificateName));
        }
        return new ServerIdentity(key, chain);
    }

    /** True when the key signs what the certificate's public key verifies: the same test for every key type. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) throws TlsSetupException {
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String algorithm = signatureAlgorithm(key.getAlgorithm());
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(Message.of("error.tls.key.unusable", key.getAlgorithm(), e.getMessage()));
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) throws TlsSetupException {
        switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "ED25519":
            case "ED448":
            case "EDDSA":
                return keyAlgorithm;
            default:
                throw new TlsSetupException(Message.of("error.tls.key.type", keyAlgorithm));
        }
    }

    PrivateKey key() {
        return key;
    }

    X509Certificate[] chain() {
        return chain.clone();
    }
}
