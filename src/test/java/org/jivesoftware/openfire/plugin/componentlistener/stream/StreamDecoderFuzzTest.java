package org.jivesoftware.openfire.plugin.componentlistener.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Node;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;
import org.xmpp.packet.StreamError;

/**
 * Fuzzes the stream decoder. The first input byte picks the element size limit ({@code '0'} 64 bytes up to
 * {@code '7'} 8192), the second the size of each read (1 to 256 bytes); the rest is the stream. The stream is decoded
 * twice, in one read and in reads of that size through one reused buffer, as a connection reads it.
 *
 * <p>Seeds: {@code src/test/resources/.../StreamDecoderFuzzTestInputs/decode}.
 */
class StreamDecoderFuzzTest {

    @FuzzTest
    @Timeout(10)
    void decode(byte[] input) {
        long limit = 64L << (byteAt(input, 0) % 8);
        int readSize = 1 + byteAt(input, 1);
        byte[] stream = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];

        Decoded whole = Decoded.of(stream, limit, stream.length);
        Decoded inReads = Decoded.of(stream, limit, readSize);

        try {
            assertSameStream(whole, inReads, readSize);
        } catch (AssertionFailedError differs) {
            // Aalto finds "]]>" in text only where it does not start a text segment, and reads start more segments:
            // where one read refuses "]]>", reads may go on. Harmless (such text is written back escaped).
            if (whole.error != StreamError.Condition.not_well_formed || !refusedAtCdataEnd(stream, limit)) {
                throw differs;
            }
            List<String> before = inReads.events.subList(0, Math.min(whole.events.size(), inReads.events.size()));
            assertEquals(whole.events.subList(0, before.size()), before);
        }
    }

    /**
     * Where the reads end changes only what is noticed first: at a read's end the unit under way is measured
     * (policy-violation), and before the header a whole read is searched for "<!" (restricted-xml) before the parser
     * sees it.
     */
    private static void assertSameStream(Decoded whole, Decoded inReads, int readSize) {
        List<String> common = whole.events.subList(0, Math.min(whole.events.size(), inReads.events.size()));
        assertEquals(common, inReads.events, "the reads saw other events than the whole stream");
        if (inReads.error == null) {
            assertEquals(whole.events, inReads.events);
            assertNull(whole.error, "an error in one read that reads of " + readSize + " did not see");
        } else if (inReads.error != whole.error) {
            boolean sizeAtReadEnd = inReads.error == StreamError.Condition.policy_violation;
            boolean declarationAhead = whole.error == StreamError.Condition.restricted_xml && whole.events.isEmpty();
            assertTrue(sizeAtReadEnd || declarationAhead,
                "reads of " + readSize + " ended with " + inReads.error + ", the whole stream with " + whole.error);
        }
    }

    /** Whether the shortest start of the stream that one read refuses ends with "]]>". */
    private static boolean refusedAtCdataEnd(byte[] stream, long limit) {
        int low = 0;
        int high = stream.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (Decoded.of(Arrays.copyOf(stream, middle), limit, middle).error != null) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return new String(stream, 0, low, StandardCharsets.ISO_8859_1).endsWith("]]>");
    }

    private static int byteAt(byte[] input, int index) {
        return input.length > index ? input[index] & 0xff : 0;
    }

    /** What one decoding reported, checked as it was reported. */
    private static final class Decoded implements StreamDecoder.Handler {
        private final long limit;
        final List<String> events = new ArrayList<>();
        StreamError.Condition error;
        private boolean ended;

        private Decoded(long limit) {
            this.limit = limit;
        }

        static Decoded of(byte[] stream, long limit, int readSize) {
            Decoded decoded = new Decoded(limit);
            StreamDecoder parser = new StreamDecoder(() -> limit, decoded);
            byte[] buffer = new byte[Math.max(1, readSize)];
            for (int offset = 0; offset < stream.length; offset += readSize) {
                int length = Math.min(readSize, stream.length - offset);
                System.arraycopy(stream, offset, buffer, 0, length);
                boolean stoppedBefore = decoded.stopped();
                int eventsBefore = decoded.events.size();
                try {
                    parser.feed(buffer, length);
                } catch (StreamException e) {
                    assertFalse(decoded.stopped(), "an error after the stream stopped: " + e.condition());
                    decoded.error = e.condition();
                }
                if (stoppedBefore) {
                    assertEquals(eventsBefore, decoded.events.size(), "events after the stream stopped");
                }
            }
            return decoded;
        }

        private boolean stopped() {
            return ended || error != null;
        }

        @Override
        public void streamOpened(StreamHeader header) {
            assertTrue(events.isEmpty(), "a header after " + events);
            events.add("header to=" + header.to() + " component=" + header.isComponentStream()
                + " subdomain=" + header.isSubdomain());
        }

        @Override
        public void element(Element element) {
            assertTrue(!stopped() && !events.isEmpty(), "an element outside the stream");
            long size = size(element);
            assertTrue(size <= limit, "an element of at least " + size + " bytes passed a limit of " + limit);
            int depth = depth(element);
            assertTrue(depth <= StreamDecoder.MAX_DEPTH, "an element nested " + depth + " deep");
            events.add(element.asXML());
        }

        @Override
        public void streamClosed() {
            assertTrue(!stopped() && !events.isEmpty(), "a stream end outside the stream");
            ended = true;
            events.add("end");
        }

        /** Characters of names, attribute values and text: each took at least one byte on the wire. */
        private static long size(Element element) {
            long size = element.getQualifiedName().length();
            for (Attribute attribute : element.attributes()) {
                size += attribute.getQualifiedName().length() + attribute.getValue().length();
            }
            for (Node node : element.content()) {
                size += node instanceof Element ? size((Element) node) : node.getText().length();
            }
            return size;
        }

        private static int depth(Element element) {
            int deepest = 0;
            for (Element child : element.elements()) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
    }
}
