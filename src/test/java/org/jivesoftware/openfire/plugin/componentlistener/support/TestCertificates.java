package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority, made when the tests run, and the server certificates it issues; a TLS client that
 * trusts only it and checks the host name, as a component library set up properly does.
 */
public final class TestCertificates {
    public static final char[] STORE_PASSWORD = "changeit".toCharArray();
    /** Every name a test connects with: the XMPP domain, and loopback by name and by address. */
    public static final String[] SERVER_NAMES = {InMemoryOpenfire.DOMAIN, "localhost", "127.0.0.1"};
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TestCertificates authority() throws GeneralSecurityException {
        KeyPair keys = keyPair("EC");
        X500Name name = new X500Name("CN=Component Listener Test CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new TestCertificates(keys, sign(builder, keys.getPrivate()));
    }

    /** A server certificate for {@link #SERVER_NAMES}, valid from yesterday for thirty days, with an EC key. */
    public Issued issue() throws GeneralSecurityException {
        return issue("EC", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
            SERVER_NAMES);
    }

    /** A server certificate with a new key of the algorithm, valid between the instants, for the names. */
    public Issued issue(String keyAlgorithm, Instant notBefore, Instant notAfter, String... names)
        throws GeneralSecurityException {
        KeyPair serverKeys = keyPair(keyAlgorithm);
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(Character.isDigit(name.charAt(0)) ? GeneralName.iPAddress
                : GeneralName.dNSName, name));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
            Date.from(notAfter), new X500Name("CN=" + names[0]), serverKeys.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(alternatives.toArray(new GeneralName[0])));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(serverKeys.getPrivate(), List.of(sign(builder, keys.getPrivate()), certificate));
    }

    /** A trust store holding only this authority. */
    public KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        return store;
    }

    /**
     * Connects to the port on loopback and completes a TLS handshake as a client that trusts only this authority and
     * checks that the certificate names the host; offers only the given protocols, if any are given.
     */
    public SSLSocket connect(int port, String hostName, String... protocols) throws GeneralSecurityException,
        IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) Await.DEADLINE.toMillis());
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** The server certificate a connected TLS client was shown. */
    public static X509Certificate serverCertificate(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize("EC".equals(algorithm) ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
        throws GeneralSecurityException {
        try {
            String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A server certificate, the chain up to the authority, and its private key. */
    public static final class Issued {
        private final PrivateKey key;
        private final List<X509Certificate> chain;

        Issued(PrivateKey key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain;
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** An identity store holding this certificate as a key entry, as Openfire's keeps its own. */
        public KeyStore keyStore(String alias) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            return store;
        }

        /** Writes the chain and the key (PKCS#8, "BEGIN PRIVATE KEY") as PEM files. */
        public void writePem(Path certificateFile, Path keyFile) throws GeneralSecurityException, IOException {
            writeChain(certificateFile);
            write(keyFile, "PRIVATE KEY", key.getEncoded());
        }

        /** Writes the key as OpenSSL's traditional RSA format ("BEGIN RSA PRIVATE KEY", PKCS#1). */
        public void writeRsaPkcs1Key(Path keyFile) throws IOException {
            write(keyFile, "RSA PRIVATE KEY",
                PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
        }

        public void writeChain(Path certificateFile) throws GeneralSecurityException, IOException {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate certificate : chain) {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Files.write(certificateFile, pem.toString().getBytes(StandardCharsets.US_ASCII));
        }

        private static void write(Path file, String type, byte[] der) throws IOException {
            Files.write(file, pem(type, der).getBytes(StandardCharsets.US_ASCII));
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        }
    }
}
