package org.jivesoftware.openfire.plugin.componentlistener.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.StreamError;

/** The stream parser on its own: chunking, namespaces, limits. */
class StreamDecoderTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
        + " xmlns:stream='http://etherx.jabber.org/streams' to='comp.example.org' is_subdomain='true'>";
    private static final String STANZAS = "<message to='a@example.org' from='comp.example.org' xml:lang='en'>"
        + "<body>h\u00e9llo \ud83d\ude00 &lt;&amp;&gt;</body><x xmlns='urn:x' xmlns:p='urn:p' p:attr='v'><p:y/></x>"
        + "</message>\n <iq type='get' id='1' to='example.org' from='comp.example.org'>"
        + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq><presence/>";

    private static final class Recorder implements StreamDecoder.Handler {
        final List<StreamHeader> headers = new ArrayList<>();
        final List<String> elements = new ArrayList<>();
        final List<Element> parsed = new ArrayList<>();
        int closed;

        @Override
        public void streamOpened(StreamHeader header) {
            headers.add(header);
        }

        @Override
        public void element(Element element) {
            parsed.add(element);
            elements.add(element.asXML());
        }

        @Override
        public void streamClosed() {
            closed++;
        }
    }

    private static Recorder parseInChunks(String stream, int[] chunkSizes, long limit) throws StreamException {
        Recorder recorder = new Recorder();
        StreamDecoder parser = new StreamDecoder(() -> limit, recorder);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        int offset = 0;
        int i = 0;
        while (offset < bytes.length) {
            int length = Math.min(chunkSizes[i++ % chunkSizes.length], bytes.length - offset);
            // A fresh array per chunk, as a network read would give.
            byte[] chunk = new byte[length];
            System.arraycopy(bytes, offset, chunk, 0, length);
            parser.feed(chunk, length);
            offset += length;
        }
        return recorder;
    }

    @Test
    void sameResultWhateverTheChunking() throws Exception {
        String stream = HEADER + STANZAS + "</stream:stream>";
        Recorder whole = parseInChunks(stream, new int[] {Integer.MAX_VALUE}, 1 << 20);
        assertEquals(3, whole.elements.size());
        assertEquals(1, whole.closed);
        Recorder byteByByte = parseInChunks(stream, new int[] {1}, 1 << 20);
        assertEquals(whole.elements, byteByByte.elements);
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            int[] sizes = random.ints(20, 1, 40).toArray();
            assertEquals(whole.elements, parseInChunks(stream, sizes, 1 << 20).elements);
        }
    }

    @Test
    void aCharacterOutsideTheBmpInAnAttributeSurvivesAnyReads() throws Exception {
        String stanza = "<presence to='room@conference.example.org/\ud83d\ude00 and \ud840\udc00'/>";
        for (int size = 1; size <= 8; size++) {
            Recorder recorder = parseInChunks(HEADER + stanza, new int[] {size}, 1 << 20);
            assertEquals("room@conference.example.org/\ud83d\ude00 and \ud840\udc00",
                recorder.parsed.get(0).attributeValue("to"), "in reads of " + size);
        }
    }

    @Test
    void headerAttributesAndNamespacesAreReported() throws Exception {
        Recorder recorder = parseInChunks(HEADER, new int[] {7}, 1 << 20);
        StreamHeader header = recorder.headers.get(0);
        assertTrue(header.isComponentStream());
        assertEquals("comp.example.org", header.to());
        assertTrue(header.isSubdomain());
    }

    @Test
    void stanzasLoseTheStreamNamespaceAndKeepTheirOwn() throws Exception {
        Recorder recorder = parseInChunks(HEADER + STANZAS, new int[] {13}, 1 << 20);
        Element message = recorder.parsed.get(0);
        assertEquals("", message.getNamespaceURI());
        assertEquals("", message.element("body").getNamespaceURI());
        assertEquals("h\u00e9llo \ud83d\ude00 <&>", message.elementText("body"));
        assertEquals("en", message.attributeValue(org.dom4j.QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE)));
        Element x = message.element("x");
        assertEquals("urn:x", x.getNamespaceURI());
        assertEquals("v", x.attributeValue(org.dom4j.QName.get("attr", "p", "urn:p")));
        assertEquals("urn:p", x.elements().get(0).getNamespaceURI());
        assertEquals("http://jabber.org/protocol/disco#items",
            recorder.parsed.get(1).element("query").getNamespaceURI());
    }

    @Test
    void elementOverTheLimitIsRefusedWhileItStreamsIn() throws Exception {
        Recorder recorder = new Recorder();
        StreamDecoder parser = new StreamDecoder(() -> 4096, recorder);
        byte[] header = (HEADER + "<message to='a@example.org'><body>").getBytes(StandardCharsets.UTF_8);
        parser.feed(header, header.length);
        byte[] chunk = "y".repeat(1000).getBytes(StandardCharsets.UTF_8);
        int[] fed = {0};
        StreamException refused = assertThrows(StreamException.class, () -> {
            for (int i = 0; i < 2000; i++) {
                parser.feed(chunk, chunk.length);
                fed[0] += chunk.length;
            }
        });
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
        assertTrue(recorder.elements.isEmpty(), "the oversized stanza is never built");
        assertTrue(fed[0] <= 4096, "refused in the chunk that crossed the limit, after " + fed[0] + " bytes: the"
            + " parser never holds more than the limit and one chunk of a stanza");
    }

    @Test
    void elementExactlyAtTheLimitPasses() throws Exception {
        // Longer than the header: the limit bounds the header too.
        String stanza = "<presence id='" + "p".repeat(300) + "'/>";
        Recorder recorder = parseInChunks(HEADER + stanza, new int[] {3}, stanza.length());
        assertEquals(1, recorder.elements.size());
        assertThrows(StreamException.class, () -> parseInChunks(HEADER + stanza, new int[] {3}, stanza.length() - 1));
    }

    @Test
    void startTagThatNeverEndsIsLimitedToo() throws Exception {
        StreamDecoder parser = new StreamDecoder(() -> 4096, new Recorder());
        byte[] header = (HEADER + "<message to='").getBytes(StandardCharsets.UTF_8);
        parser.feed(header, header.length);
        byte[] chunk = "a".repeat(1000).getBytes(StandardCharsets.UTF_8);
        StreamException refused = assertThrows(StreamException.class, () -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(chunk, chunk.length);
            }
        });
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
    }

    @Test
    void headerOverTheLimitIsRefusedEvenInOneRead() {
        String header = HEADER.replace("<stream:stream ", "<stream:stream xmlns:p='" + "u".repeat(4096) + "' ");
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(header, new int[] {Integer.MAX_VALUE}, 4096));
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<a>".repeat(StreamDecoder.MAX_DEPTH + 1);
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(HEADER + deep, new int[] {64}, 1 << 20));
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
    }

    @Test
    void aNamespaceNameThatWouldBreakOutOfItsAttributeIsRefused() {
        for (String stanza : List.of(
            "<message><x xmlns='urn:a&quot;/&gt;&lt;message from=&quot;admin@example.org&quot;&gt;'/></message>",
            "<message xmlns:p='urn:a\"&lt;'><p:x/></message>",
            "<message><x xmlns:p='urn:a&amp;b' p:y='1'/></message>")) {
            StreamException refused = assertThrows(StreamException.class,
                () -> parseInChunks(HEADER + stanza, new int[] {64}, 1 << 20), stanza);
            assertEquals(StreamError.Condition.bad_format, refused.condition(), stanza);
        }
    }

    @Test
    void textBetweenStanzasIsNotWellFormed() {
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(HEADER + "hello<presence/>", new int[] {64}, 1 << 20));
        assertEquals(StreamError.Condition.not_well_formed, refused.condition());
    }

    @Test
    void invalidUtf8IsNotWellFormed() throws Exception {
        StreamDecoder parser = new StreamDecoder(() -> 1 << 20, new Recorder());
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        parser.feed(header, header.length);
        byte[] bad = {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'};
        StreamException refused = assertThrows(StreamException.class, () -> parser.feed(bad, bad.length));
        assertEquals(StreamError.Condition.not_well_formed, refused.condition());
    }

    private static final String HEADER_DECLARING_Q = HEADER.replace("is_subdomain='true'", "xmlns:q='urn:q'");

    /** Stanzas that together use far more distinct names than one parser may learn, some with the header's prefix. */
    private static List<String> stanzasWithEverNewNames(int count) {
        List<String> stanzas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stanzas.add("<message to='a@example.org' n" + i + "='v'><x" + i + " xmlns='urn:x" + i + "'><q:y" + i
                + " q:z" + i + "='w'/></x" + i + "><body>" + i + "</body></message>");
        }
        stanzas.add("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        return stanzas;
    }

    @Test
    void everNewNamesAreParsedAlikeAcrossFreshParsersWhateverTheChunking() throws Exception {
        String header = HEADER_DECLARING_Q;
        List<String> stanzas = stanzasWithEverNewNames(3 * StreamDecoder.NAME_BUDGET / 7);
        List<String> expected = new ArrayList<>();
        for (String stanza : stanzas) {
            expected.add(parseInChunks(header + stanza, new int[] {Integer.MAX_VALUE}, 1 << 20).elements.get(0));
        }
        String stream = header + String.join("", stanzas);
        assertEquals(expected, parseInChunks(stream, new int[] {Integer.MAX_VALUE}, 1 << 20).elements);
        assertEquals(expected, parseInChunks(stream, new int[] {1}, 1 << 20).elements);
        Random random = new Random(7);
        for (int run = 0; run < 5; run++) {
            assertEquals(expected, parseInChunks(stream, random.ints(50, 1, 3000).toArray(), 1 << 20).elements);
        }
        Element error = parseInChunks(stream, new int[] {Integer.MAX_VALUE}, 1 << 20).parsed.get(stanzas.size() - 1);
        assertEquals(StreamHeader.STREAM_NAMESPACE, error.getNamespaceURI(), "the stream prefix still binds");
    }

    @Test
    void theSizeLimitStillHoldsAfterAFreshParserTookOver() {
        String stream = HEADER_DECLARING_Q + String.join("", stanzasWithEverNewNames(StreamDecoder.NAME_BUDGET / 3))
            + "<message><body>" + "b".repeat(5000) + "</body></message>";
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(stream, new int[] {1000}, 4096));
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
    }

    @Test
    void aStanzaWithTooManyDistinctNamesIsRefused() {
        StringBuilder stanza = new StringBuilder("<message>");
        for (int i = 0; i <= StreamDecoder.NAME_BUDGET; i++) {
            stanza.append("<e").append(i).append("/>");
        }
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(HEADER + stanza + "</message>", new int[] {4096}, 1 << 20));
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
        assertTrue(refused.getMessage().contains("distinct"), refused.getMessage());
    }

    @Test
    void aLargeStanzaRepeatingFewNamesPasses() throws Exception {
        String items = "<item jid='c@example.org' name='C'/>".repeat(3 * StreamDecoder.NAME_BUDGET);
        String stanza = "<iq type='result' id='r'><query xmlns='jabber:iq:roster'>" + items + "</query></iq>";
        Recorder recorder = parseInChunks(HEADER + stanza, new int[] {4096}, 1 << 20);
        assertEquals(3 * StreamDecoder.NAME_BUDGET, recorder.parsed.get(0).element("query").elements().size());
    }

    @Test
    void namesStayOutOfDom4jsSharedCaches() throws Exception {
        parseInChunks(HEADER_DECLARING_Q + String.join("", stanzasWithEverNewNames(100)), new int[] {512}, 1 << 20);
        for (org.dom4j.QName cached : org.dom4j.DocumentFactory.getInstance().getQNames()) {
            assertFalse(cached.getName().matches("[nxyz]\\d+"), "dom4j's cache keeps " + cached.getName());
        }
    }

    /** A stanza whose body text holds the given bytes, fed in one piece after the header. */
    private static StreamException refusedInBody(byte... inBody) throws Exception {
        Recorder recorder = new Recorder();
        StreamDecoder parser = new StreamDecoder(() -> 1 << 20, recorder);
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        parser.feed(header, header.length);
        ByteArrayOutputStream stanza = new ByteArrayOutputStream();
        stanza.writeBytes("<message><body>x".getBytes(StandardCharsets.UTF_8));
        stanza.writeBytes(inBody);
        stanza.writeBytes("y</body></message>".getBytes(StandardCharsets.UTF_8));
        StreamException refused = assertThrows(StreamException.class, () -> parser.feed(stanza.toByteArray(),
            stanza.size()));
        assertTrue(recorder.elements.isEmpty(), "not passed on with the character dropped: " + recorder.elements);
        return refused;
    }

    @Test
    void aCharacterXmlForbidsInATextIsNotWellFormed() throws Exception {
        byte[][] forbidden = {{0x01}, "&#1;".getBytes(StandardCharsets.UTF_8), {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE},
            {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        for (byte[] bytes : forbidden) {
            assertEquals(StreamError.Condition.not_well_formed, refusedInBody(bytes).condition());
        }
    }

    @Test
    void overlongAndOutOfRangeUtf8IsNotWellFormed() throws Exception {
        byte[][] invalid = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xBC}, {(byte) 0xC1, (byte) 0xBF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}};
        for (byte[] bytes : invalid) {
            assertEquals(StreamError.Condition.not_well_formed, refusedInBody(bytes).condition());
        }
    }

    @Test
    void utf8SplitAcrossReadsIsAccepted() throws Exception {
        // One, two, three and four bytes per character, at the edges of what is allowed.
        String text = "\u0080\u07ff\u0800\ud7ff\ue000\ufffd\ud800\udc00\udbff\udfff";
        String stream = HEADER + "<message><body>" + text + "</body></message>";
        Recorder recorder = parseInChunks(stream, new int[] {1}, 1 << 20);
        assertEquals(text, recorder.parsed.get(0).elementText("body"));
    }

    @Test
    void aDeclaredEncodingOtherThanUtf8IsUnsupported() throws Exception {
        String latin1 = HEADER.replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='ISO-8859-1'?>");
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(latin1, new int[] {5}, 1 << 20));
        assertEquals(StreamError.Condition.unsupported_encoding, refused.condition());
        String utf8 = HEADER.replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='utf-8'?>");
        assertEquals(1, parseInChunks(utf8, new int[] {5}, 1 << 20).headers.size());
    }
}
