package org.jivesoftware.openfire.plugin.componentlistener.stream;

/**
 * Checks that a byte stream, fed in pieces, is UTF-8 as RFC 3629 defines it. The async XML parser decodes overlong
 * forms ({@code C0 80} becomes a NUL, {@code C0 BC} a {@code <}) and sequences beyond U+10FFFF without complaint;
 * a stanza carrying them would reach Openfire and break its recipients' streams.
 */
final class StrictUtf8 {
    /** Continuation bytes still expected for the current character. */
    private int remaining;
    /** Range of the next continuation byte: narrower than 80..BF right after some lead bytes. */
    private int low = 0x80;
    private int high = 0xBF;

    /** How many of the bytes continue well-formed UTF-8: {@code length}, or the index of the first that does not. */
    int wellFormedPrefix(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            if (remaining > 0) {
                if (b < low || b > high) {
                    return i;
                }
                remaining--;
                low = 0x80;
                high = 0xBF;
            } else if (b >= 0x80 && !lead(b)) {
                return i;
            }
        }
        return length;
    }

    /** Unicode's table of well-formed byte sequences (Table 3-7): what each lead byte allows next. */
    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            remaining = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            remaining = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            remaining = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        return true;
    }
}
