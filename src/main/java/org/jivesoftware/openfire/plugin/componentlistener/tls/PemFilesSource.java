package org.jivesoftware.openfire.plugin.componentlistener.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * A PEM certificate chain (server certificate first) and its unencrypted private key, as certbot and most CAs'
 * tools write them. A renewal that rewrites the files is noticed by their modification time and size.
 */
final class PemFilesSource implements CertificateSource {
    private static final Pattern PEM_BLOCK =
        Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448"};
    /** The DER start of a PKCS#8 wrapper for an RSA key: version 0 and the rsaEncryption algorithm, no params. */
    private static final byte[] RSA_PKCS8_ALGORITHM = {
        0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};

    private final Path certificateFile;
    private final Path keyFile;
    private volatile List<Object> loadedStamp;

    PemFilesSource(ListenerConfig.PemFiles files) {
        this.certificateFile = files.certificateFile();
        this.keyFile = files.keyFile();
    }

    @Override
    public ServerIdentity load() throws TlsSetupException {
        List<Object> stamp = stamp();
        List<X509Certificate> chain = certificates(read(ListenerOption.TLS_CERTFILE, certificateFile));
        PrivateKey key = privateKey(read(ListenerOption.TLS_KEYFILE, keyFile));
        ServerIdentity identity = ServerIdentity.checked(key, chain, Instant.now(),
            Message.of("tls.where.file", certificateFile), Message.of("tls.where.file", keyFile));
        loadedStamp = stamp;
        return identity;
    }

    @Override
    public boolean mayHaveChanged(boolean openfireStoreChanged) {
        return !stamp().equals(loadedStamp);
    }

    /** Modification time and size of both files; a file that cannot be looked at counts as changed. */
    private List<Object> stamp() {
        List<Object> stamp = new ArrayList<>();
        for (Path file : List.of(certificateFile, keyFile)) {
            try {
                stamp.add(Files.getLastModifiedTime(file));
                stamp.add(Files.size(file));
            } catch (IOException e) {
                stamp.add(e.getClass());
            }
        }
        return stamp;
    }

    private static String read(ListenerOption option, Path file) throws TlsSetupException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(Message.of("error.tls.file.missing", option.key(), file));
        } catch (IOException e) {
            throw new TlsSetupException(Message.of("error.tls.file.unreadable", option.key(), file,
                Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName())));
        }
    }

    private List<X509Certificate> certificates(String pem) throws TlsSetupException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, "CERTIFICATE")) {
                for (Certificate certificate : factory.generateCertificates(new ByteArrayInputStream(der))) {
                    chain.add((X509Certificate) certificate);
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new TlsSetupException(Message.of("error.tls.certificate.unreadable",
                ListenerOption.TLS_CERTFILE.key(), certificateFile, e.getMessage()));
        }
        if (chain.isEmpty()) {
            throw new TlsSetupException(Message.of("error.tls.certificate.none", ListenerOption.TLS_CERTFILE.key(),
                certificateFile));
        }
        return chain;
    }

    private PrivateKey privateKey(String pem) throws TlsSetupException {
        String option = ListenerOption.TLS_KEYFILE.key();
        List<byte[]> pkcs8;
        List<byte[]> pkcs1;
        try {
            pkcs8 = blocks(pem, "PRIVATE KEY");
            pkcs1 = blocks(pem, "RSA PRIVATE KEY");
        } catch (IllegalArgumentException e) {
            throw new TlsSetupException(Message.of("error.tls.key.unreadable", option, keyFile, e.getMessage()));
        }
        if (pkcs8.isEmpty() && !pkcs1.isEmpty()) {
            pkcs8 = List.of(rsaPkcs8(pkcs1.get(0)));
        }
        if (pkcs8.isEmpty()) {
            throw new TlsSetupException(Message.of("error.tls.key.none", option, keyFile));
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8.get(0));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not a key of this type: try the next.
            }
        }
        throw new TlsSetupException(Message.of("error.tls.key.unknown", option, keyFile));
    }

    /** The contents of every PEM block of exactly this type, decoded. */
    private static List<byte[]> blocks(String pem, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher matcher = PEM_BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
            }
        }
        return blocks;
    }

    /** Wraps a PKCS#1 RSA key (OpenSSL's traditional format) in the PKCS#8 structure the JDK reads. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] key = derWrap((byte) 0x04, pkcs1);
        byte[] body = new byte[RSA_PKCS8_ALGORITHM.length + key.length];
        System.arraycopy(RSA_PKCS8_ALGORITHM, 0, body, 0, RSA_PKCS8_ALGORITHM.length);
        System.arraycopy(key, 0, body, RSA_PKCS8_ALGORITHM.length, key.length);
        return derWrap((byte) 0x30, body);
    }

    private static byte[] derWrap(byte tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes = length < 0x80 ? new byte[] {(byte) length}
            : length < 0x100 ? new byte[] {(byte) 0x81, (byte) length}
            : length < 0x10000 ? new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length}
            : new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        byte[] der = new byte[1 + lengthBytes.length + length];
        der[0] = tag;
        System.arraycopy(lengthBytes, 0, der, 1, lengthBytes.length);
        System.arraycopy(content, 0, der, 1 + lengthBytes.length, length);
        return der;
    }
}
