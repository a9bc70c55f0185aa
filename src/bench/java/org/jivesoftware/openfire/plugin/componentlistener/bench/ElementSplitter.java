package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an XMPP stream into its header and top-level elements by looking at bytes only: no XML parsing, no
 * objects per element. Enough for the benchmark's own well-formed traffic (no comments, CDATA or processing
 * instructions inside elements), and the cheapest way to find where a stanza ends: the floor's reader and the
 * simulated components use it.
 */
final class ElementSplitter {
    /** What the splitter found. Slices are valid only during the call. */
    interface Sink {
        void header(byte[] bytes, int start, int end);

        void element(byte[] bytes, int start, int end);

        void streamEnd();
    }

    private final Sink sink;
    private byte[] buffer = new byte[1024];
    private int length;
    private int depth;
    private boolean inTag;
    private byte quote;
    private byte tagKind;
    private byte previous;
    /** Where the top-level construct not yet complete starts (a header, an element); -1 when none is open. */
    private int openedAt = -1;

    ElementSplitter(Sink sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int offset, int count) {
        if (buffer.length < length + count) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        int scanned = length;
        length += count;
        for (int i = scanned; i < length; i++) {
            scan(i);
        }
        if (openedAt < 0) {
            length = 0;
        } else if (openedAt > 0) {
            System.arraycopy(buffer, openedAt, buffer, 0, length - openedAt);
            length -= openedAt;
            openedAt = 0;
        }
    }

    private void scan(int i) {
        byte b = buffer[i];
        if (!inTag) {
            if (b == '<') {
                inTag = true;
                tagKind = 0;
                if (depth <= 1 && openedAt < 0) {
                    openedAt = i;
                }
            }
            return;
        }
        if (tagKind == 0) {
            tagKind = b == '/' || b == '?' || b == '!' ? b : (byte) 'o';
        } else if (quote != 0) {
            if (b == quote) {
                quote = 0;
            }
        } else if (b == '"' || b == '\'') {
            quote = b;
        } else if (b == '>') {
            inTag = false;
            endOfTag(i);
        }
        previous = b;
    }

    private void endOfTag(int i) {
        if (tagKind == '?' || tagKind == '!') {
            if (depth == 0) {
                openedAt = -1;
            }
        } else if (tagKind == '/') {
            depth--;
            if (depth == 1) {
                emit(i);
            } else if (depth == 0) {
                openedAt = -1;
                sink.streamEnd();
            }
        } else if (previous == '/') {
            if (depth == 1) {
                emit(i);
            }
        } else if (++depth == 1) {
            sink.header(buffer, openedAt, i + 1);
            openedAt = -1;
        }
    }

    /**
     * The value of an attribute of the slice's first tag (as written, entities not resolved), or null. Looks no
     * further than the first '>'.
     */
    static String attribute(byte[] bytes, int start, int end, String name) {
        int nameLength = name.length();
        for (int i = start; i + nameLength + 2 < end && bytes[i] != '>'; i++) {
            if (bytes[i] == ' ' && matches(bytes, i + 1, name) && bytes[i + nameLength + 1] == '=') {
                byte quote = bytes[i + nameLength + 2];
                int from = i + nameLength + 3;
                int to = from;
                while (to < end && bytes[to] != quote) {
                    to++;
                }
                return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static boolean matches(byte[] bytes, int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (bytes[at + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void emit(int i) {
        sink.element(buffer, openedAt, i + 1);
        openedAt = -1;
    }
}
