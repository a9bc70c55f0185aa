package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.StreamError;

/** The stream parser on its own: chunking, namespaces, limits. */
class XmppStreamParserTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
        + " xmlns:stream='http://etherx.jabber.org/streams' to='comp.example.org' is_subdomain='true'>";
    private static final String STANZAS = "<message to='a@example.org' from='comp.example.org' xml:lang='en'>"
        + "<body>h\u00e9llo \ud83d\ude00 &lt;&amp;&gt;</body><x xmlns='urn:x' xmlns:p='urn:p' p:attr='v'><p:y/></x>"
        + "</message>\n <iq type='get' id='1' to='example.org' from='comp.example.org'>"
        + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq><presence/>";

    private static final class Recorder implements XmppStreamParser.Handler {
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
        XmppStreamParser parser = new XmppStreamParser(() -> limit, recorder);
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
        XmppStreamParser parser = new XmppStreamParser(() -> 4096, recorder);
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
        XmppStreamParser parser = new XmppStreamParser(() -> 4096, new Recorder());
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
    void deepNestingIsRefused() {
        String deep = "<a>".repeat(XmppStreamParser.MAX_DEPTH + 1);
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(HEADER + deep, new int[] {64}, 1 << 20));
        assertEquals(StreamError.Condition.policy_violation, refused.condition());
    }

    @Test
    void textBetweenStanzasIsNotWellFormed() {
        StreamException refused = assertThrows(StreamException.class,
            () -> parseInChunks(HEADER + "hello<presence/>", new int[] {64}, 1 << 20));
        assertEquals(StreamError.Condition.not_well_formed, refused.condition());
    }

    @Test
    void invalidUtf8IsNotWellFormed() throws Exception {
        XmppStreamParser parser = new XmppStreamParser(() -> 1 << 20, new Recorder());
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        parser.feed(header, header.length);
        byte[] bad = {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'};
        StreamException refused = assertThrows(StreamException.class, () -> parser.feed(bad, bad.length));
        assertEquals(StreamError.Condition.not_well_formed, refused.condition());
    }
}
