package org.jivesoftware.openfire.plugin.componentlistener.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.StreamError;

/**
 * Turns the bytes of one XEP-0114 stream into a header, complete top-level elements and the end of the stream.
 * Non-blocking: bytes are fed as they arrive. The size of each top-level element is counted in bytes on the wire
 * while it is parsed, so an oversized element is refused before it is built. DTDs, entity references, comments and
 * processing instructions are refused (RFC 6120 section 11.1).
 *
 * <p>The async parser keeps every distinct element and attribute name it meets in a table whose lookups slow down
 * as it grows: a stream of ever new names would cost memory and, worse, time on the shared event loop. So the names
 * one stanza may use are limited, and between stanzas a parser that has met many names is replaced by a fresh one
 * that goes on where the old one stopped.
 */
public final class StreamDecoder {
    /** Deeper nesting than this inside one stanza is refused: no real stanza needs it. */
    public static final int MAX_DEPTH = 100;
    /**
     * Names (elements, attributes, namespace declarations) the parser may meet before it is replaced at the next
     * stanza boundary, and distinct names one stanza may use. Counting occurrences is cheap and bounds the table;
     * real stanzas use a few dozen distinct names, so a stanza is only checked name by name past this many.
     */
    static final int NAME_BUDGET = 4096;

    private static final InputFactoryImpl FACTORY = secureFactory();
    private static final DocumentFactory DOCUMENTS = DocumentFactory.getInstance();

    /** Receives what the parser finds, in stream order. */
    public interface Handler {
        void streamOpened(StreamHeader header) throws StreamException;

        void element(Element element) throws StreamException;

        void streamClosed();
    }

    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = FACTORY.createAsyncForByteArray();
    private final StrictUtf8 utf8 = new StrictUtf8();
    private final LongSupplier maxElementSize;
    private final Handler handler;

    /** 0 before the stream header, 1 inside the stream, 2 and more inside a stanza. */
    private int depth;
    private Element current;
    /** Byte offset where the element under construction (or the gap before the next one) began. */
    private long unitStart;
    private long bytesFed;
    /** Where the input being parsed begins, in the current reader's byte offsets, and that input. */
    private long fedStart;
    private byte[] fed;
    private int fedLength;
    /** Names met by the current reader, counted per occurrence: an upper bound of the names in its table. */
    private int namesMet;
    private final StanzaNames stanzaNames = new StanzaNames();
    /** The stream header's start tag with its namespace declarations only: how a fresh reader is put in context. */
    private byte[] headerContext;
    private final StreamNames names = new StreamNames();
    private boolean finished;
    private byte previousPrologByte;
    private boolean prologScanned;
    /**
     * The end of the last read that the parser has not had yet, fed in front of the next read: the start of a UTF-8
     * character that the read cut off, and the {@code ]} bytes before it.
     */
    private byte[] cutOff = new byte[3];
    private int cutOffLength;
    /** Where the cut-off bytes and the next read are joined; grows to the largest such read. */
    private byte[] joined = new byte[0];

    /** @param maxElementSize read at each check, so that a new limit applies to a running stream */
    public StreamDecoder(LongSupplier maxElementSize, Handler handler) {
        this.maxElementSize = maxElementSize;
        this.handler = handler;
    }

    /** Stops parsing: the rest of the input is ignored (the stream is closing). */
    public void stop() {
        finished = true;
    }

    /**
     * Parses the first {@code length} bytes of the array, calling the handler for everything they complete. The
     * array must not change during the call. Input always starts at index 0: the async parser's byte offsets, which
     * the size limit relies on, are only right then.
     *
     * <p>The parser never gets a UTF-8 character in two parts: a character that the read cuts off waits for the next
     * read. Aalto (1.3.3) decodes a character outside the BMP wrongly when it is split inside an attribute value
     * (U+1F600 becomes U+F600), so an address could change with where the network cut the stream.
     */
    public void feed(byte[] bytes, int length) throws StreamException {
        // What comes before a byte that is not UTF-8 is parsed as if the read had ended there: whatever the reads,
        // the same events come before the error.
        int wellFormed = utf8.wellFormedPrefix(bytes, length);
        parse(bytes, wellFormed);
        if (wellFormed < length && !finished) {
            finished = true;
            throw new StreamException(StreamError.Condition.not_well_formed, "Not UTF-8");
        }
    }

    private void parse(byte[] bytes, int length) throws StreamException {
        if (finished) {
            return;
        }
        byte[] input = bytes;
        int available = length;
        if (cutOffLength > 0) {
            available = cutOffLength + length;
            if (joined.length < available) {
                joined = new byte[available];
            }
            System.arraycopy(cutOff, 0, joined, 0, cutOffLength);
            System.arraycopy(bytes, 0, joined, cutOffLength, length);
            input = joined;
        }
        int whole = available - cutOffCharacter(input, available);
        // Aalto (1.3.3) garbles CDATA text when a feed ends in ']' just as its text buffer fills (a NUL appears in
        // it): a run of ']' waits for what follows, up to the element limit, beyond which the stanza is refused.
        long limit = maxElementSize.getAsLong();
        while (whole > 0 && input[whole - 1] == ']' && available - whole < limit) {
            whole--;
        }
        cutOffLength = available - whole;
        if (cutOff.length < cutOffLength) {
            cutOff = new byte[cutOffLength];
        }
        System.arraycopy(input, whole, cutOff, 0, cutOffLength);
        try {
            if (!prologScanned) {
                refuseDeclarationsInProlog(input, whole);
            }
            fedStart = bytesFed;
            fed = input;
            fedLength = whole;
            reader.getInputFeeder().feedInput(input, 0, whole);
            bytesFed += whole;
            int event;
            while (!finished && (event = nextEvent()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                handle(event);
            }
            // What follows the end of the stream, or a stop, is ignored: not measured either.
            if (!finished) {
                checkSize(bytesFed);
            }
        } catch (XMLStreamException | UncheckedStreamException e) {
            // The unchecked one: malformed text found by an accessor that cannot throw XMLStreamException.
            finished = true;
            throw new StreamException(StreamError.Condition.not_well_formed, null);
        } catch (StreamException e) {
            finished = true;
            throw e;
        }
    }

    /**
     * How many bytes at the end of the input start a UTF-8 character that is not complete yet: 0 to 3. Malformed
     * sequences count as complete, for the parser to refuse.
     */
    private static int cutOffCharacter(byte[] input, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = input[length - back] & 0xff;
            if ((b & 0xc0) != 0x80) {
                int size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
                return b < 0xf8 && size > back ? back : 0;
            }
        }
        return 0;
    }

    /**
     * The parser's next event. It refuses a few malformed names (an element prefixed {@code xmlns}) with a plain
     * runtime exception; only the parser runs here, so that is malformed input too, not a failure of ours.
     */
    private int nextEvent() throws XMLStreamException {
        try {
            return reader.next();
        } catch (RuntimeException e) {
            throw new XMLStreamException("Malformed input", e);
        }
    }

    /**
     * Before the stream header, {@code <!} can only start a DOCTYPE or a comment. The async parser cannot read an
     * internal DTD subset at all (it reports a syntax error), so a DTD is recognised here to answer it as what it is.
     * The scan ends at the header's start tag: after it, {@code <![CDATA[} is allowed.
     */
    private void refuseDeclarationsInProlog(byte[] bytes, int length) throws StreamException {
        for (int i = 0; i < length && !prologScanned; i++) {
            if (previousPrologByte == '<') {
                if (bytes[i] == '!') {
                    throw new StreamException(StreamError.Condition.restricted_xml, null);
                }
                prologScanned = bytes[i] != '?';
            }
            previousPrologByte = bytes[i];
        }
    }

    private void handle(int event) throws XMLStreamException, StreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT:
                startElement();
                break;
            case XMLStreamConstants.END_ELEMENT:
                endElement();
                break;
            case XMLStreamConstants.CHARACTERS:
            case XMLStreamConstants.CDATA:
            case XMLStreamConstants.SPACE:
                characters();
                break;
            case XMLStreamConstants.DTD:
            case XMLStreamConstants.ENTITY_REFERENCE:
            case XMLStreamConstants.ENTITY_DECLARATION:
            case XMLStreamConstants.NOTATION_DECLARATION:
            case XMLStreamConstants.COMMENT:
            case XMLStreamConstants.PROCESSING_INSTRUCTION:
                throw new StreamException(StreamError.Condition.restricted_xml, null);
            case XMLStreamConstants.START_DOCUMENT:
                refuseOtherEncodings();
                break;
            default:
                // END_DOCUMENT carries nothing for us.
                break;
        }
    }

    /** XMPP is UTF-8 only (RFC 6120 section 11.6): a declaration naming another encoding is refused as such. */
    private void refuseOtherEncodings() throws StreamException {
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !"UTF-8".equalsIgnoreCase(declared)) {
            throw new StreamException(StreamError.Condition.unsupported_encoding,
                "Only UTF-8 is supported, not " + declared);
        }
    }

    private void startElement() throws StreamException, XMLStreamException {
        if (depth == 0) {
            depth = 1;
            long end = endOffset();
            // The header is held to the limit too, even when it arrives whole in one read.
            checkSize(end);
            unitStart = end;
            headerContext = headerContext();
            handler.streamOpened(header());
            return;
        }
        if (depth == 1) {
            if ("stream".equals(reader.getLocalName())
                && StreamHeader.STREAM_NAMESPACE.equals(reader.getNamespaceURI())) {
                throw new StreamException(StreamError.Condition.policy_violation, "A second stream header");
            }
            unitStart = startOffset();
            stanzaNames.reset();
        }
        checkSize(endOffset());
        namesMet += stanzaNames.count(reader, current);
        if (depth > MAX_DEPTH) {
            throw new StreamException(StreamError.Condition.policy_violation,
                "Elements may not be nested deeper than " + MAX_DEPTH);
        }
        Element element = newElement();
        if (current != null) {
            current.add(element);
        }
        current = element;
        depth++;
    }

    /**
     * The current start tag as a dom4j element. dom4j checks names against Namespaces in XML where the parser does
     * not: {@code x:8} is a name, but its local part is no NCName. Such a name is malformed input.
     */
    private Element newElement() throws XMLStreamException, StreamException {
        try {
            refuseUnwritable(reader.getNamespaceURI());
            Element element = DOCUMENTS.createElement(elementName());
            for (int i = 0; i < reader.getNamespaceCount(); i++) {
                refuseUnwritable(reader.getNamespaceURI(i));
                String prefix = reader.getNamespacePrefix(i);
                // Default namespaces travel with each element's own QName; prefixed ones are declared explicitly.
                if (prefix != null && !prefix.isEmpty()) {
                    element.add(StreamNames.namespace(prefix, reader.getNamespaceURI(i)));
                }
            }
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                refuseUnwritable(reader.getAttributeNamespace(i));
                element.addAttribute(names.get(reader.getAttributeLocalName(i), reader.getAttributePrefix(i),
                    reader.getAttributeNamespace(i)), reader.getAttributeValue(i));
            }
            return element;
        } catch (IllegalArgumentException e) {
            throw new XMLStreamException("Malformed name", e);
        }
    }

    /**
     * dom4j writes a namespace name back as it is, unescaped, and so does Openfire with the stanzas routed to it:
     * one with a quote, '<' or '&' would break out of its attribute there, and what follows would be read as markup.
     * The first two are no URI characters; no XMPP namespace has the third.
     */
    private static void refuseUnwritable(String namespace) throws StreamException {
        if (namespace != null
            && (namespace.indexOf('"') >= 0 || namespace.indexOf('<') >= 0 || namespace.indexOf('&') >= 0)) {
            throw new StreamException(StreamError.Condition.bad_format, "A namespace name that cannot be written back");
        }
    }

    private void endElement() throws StreamException, XMLStreamException {
        depth--;
        if (depth == 0) {
            finished = true;
            handler.streamClosed();
            return;
        }
        Element completed = current;
        current = completed.getParent();
        if (depth == 1) {
            long end = endOffset();
            checkSize(end);
            unitStart = end;
            handler.element(completed);
            if (!finished && namesMet > NAME_BUDGET) {
                renewReader(end);
            }
        }
    }

    /**
     * Replaces the reader, between two stanzas, by a fresh one that has read the stream header's namespace
     * declarations and is given the input the old one had not parsed yet. The old reader is dropped, not closed:
     * closing would merge its names into the table that every new reader starts from.
     */
    private void renewReader(long end) throws XMLStreamException {
        int parsed = (int) (end - fedStart);
        byte[] rest = Arrays.copyOfRange(fed, parsed, fedLength);
        reader = FACTORY.createAsyncForByteArray();
        reader.getInputFeeder().feedInput(headerContext, 0, headerContext.length);
        while (reader.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            // Reads the context's start tag; nothing in it is reported.
        }
        namesMet = 0;
        names.clear();
        unitStart = headerContext.length;
        fedStart = headerContext.length;
        fed = rest;
        fedLength = rest.length;
        bytesFed = headerContext.length + rest.length;
        reader.getInputFeeder().feedInput(rest, 0, rest.length);
    }

    private void characters() throws XMLStreamException, StreamException {
        if (depth <= 1) {
            if (!reader.isWhiteSpace()) {
                throw new StreamException(StreamError.Condition.not_well_formed, "Text outside of a stanza");
            }
            unitStart = endOffset();
            return;
        }
        checkSize(endOffset());
        current.addText(reader.getText());
    }

    /**
     * Refuses the element under construction once it has taken more bytes than allowed. Also applies between
     * elements, so that a start tag that never ends cannot grow the parser's buffer either.
     */
    private void checkSize(long offset) throws StreamException {
        long limit = maxElementSize.getAsLong();
        if (offset - unitStart > limit) {
            throw new StreamException(StreamError.Condition.policy_violation,
                "Stanza larger than max_stanza_size (" + limit + " bytes)");
        }
    }

    private long startOffset() {
        return reader.getLocationInfo().getStartingByteOffset();
    }

    /**
     * Where the current event ends. For text this decodes the rest of it, so malformed text (invalid UTF-8) fails
     * here; the failure must not be swallowed: the parser has by then given up on the text and would return it
     * half decoded, carrying on from the wrong place.
     */
    private long endOffset() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset();
    }

    private byte[] headerContext() {
        StringBuilder context = new StringBuilder("<stream");
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            context.append(prefix == null || prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("='")
                .append(StreamHeader.escapeAttribute(reader.getNamespaceURI(i))).append('\'');
        }
        return context.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }

    private StreamHeader header() {
        String defaultNamespace = null;
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                defaultNamespace = reader.getNamespaceURI(i);
            }
        }
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = reader.getAttributeNamespace(i);
            if (namespace == null || namespace.isEmpty()) {
                attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            }
        }
        return new StreamHeader(reader.getLocalName(), reader.getNamespaceURI(), defaultNamespace, attributes);
    }

    /** Stanzas take the stream's content namespace by default; Openfire expects them without one. */
    private QName elementName() {
        String namespace = reader.getNamespaceURI();
        return names.get(reader.getLocalName(), reader.getPrefix(),
            StreamHeader.COMPONENT_NAMESPACE.equals(namespace) ? null : namespace);
    }

    private static InputFactoryImpl secureFactory() {
        InputFactoryImpl factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }
}
