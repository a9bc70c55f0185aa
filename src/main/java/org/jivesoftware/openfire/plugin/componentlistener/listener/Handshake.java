package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

import org.dom4j.Element;

/** XEP-0114 authentication: the stream id and the {@code <handshake>} digest. */
final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Handshake() {
    }

    /** A fresh stream id: 128 random bits in hex. */
    static String newStreamId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return hex(bytes);
    }

    /** Lower-case hex SHA-1 of stream id + secret. */
    static String digest(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return hex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-1", e);
        }
    }

    /**
     * True when the element is a {@code <handshake>} without children whose text is the digest. The comparison
     * takes the same time whatever the value and ignores hex case, as Openfire and Prosody do.
     */
    static boolean verify(Element handshake, String streamId, String secret) {
        if (!"handshake".equals(handshake.getName()) || !handshake.getNamespaceURI().isEmpty()
            || !handshake.elements().isEmpty()) {
            return false;
        }
        byte[] offered = handshake.getText().trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        byte[] expected = digest(streamId, secret).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, expected);
    }

    /** Whether two secrets are the same, in a time that does not tell where they differ. */
    static boolean sameSecret(String one, String other) {
        return MessageDigest.isEqual(one.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        char[] chars = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            chars[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            chars[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(chars);
    }
}
