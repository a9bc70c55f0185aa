package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;

/**
 * A component on a raw socket: writes exactly the bytes a test gives it and reads what the server answers, so that
 * hostile and broken input can be sent as it is.
 */
public final class RawComponent implements AutoCloseable {
    private static final Pattern STREAM_ID = Pattern.compile("<stream:stream[^>]*\\sid=['\"]([^'\"]+)['\"]");
    private static final Pattern STREAM_ERROR = Pattern.compile("<stream:error.*?</stream:error>", Pattern.DOTALL);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int SLICE_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Everything received, decoded as it arrives: a long stream is read element by element, never all again. */
    private final StringBuilder received = new StringBuilder();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** The start of a character whose other bytes have not arrived yet. */
    private ByteBuffer undecoded = ByteBuffer.allocate(0);
    /** {@link #received} as a string, as long as nothing more has arrived. */
    private String receivedText = "";
    private final byte[] readBuffer = new byte[SLICE_BYTES];
    /** Where the next {@link #nextElement} starts looking. */
    private int consumed;
    private boolean closedByServer;

    public RawComponent(int port) throws IOException {
        this(port, 0);
    }

    /** A component with a small socket receive buffer (when not 0), to make the server's queue fill up. */
    public RawComponent(int port, int receiveBufferBytes) throws IOException {
        this(open(LOOPBACK, port, receiveBufferBytes));
    }

    /** A component of a listener on another loopback address (as a listener on another cluster node). */
    public RawComponent(String host, int port) throws IOException {
        this(open(host, port, 0));
    }

    /** A component on a socket that is connected already, e.g. one that has completed a TLS handshake. */
    public RawComponent(Socket socket) throws IOException {
        this.socket = socket;
        // Each write leaves at once, so that a trickle reaches the server as the test writes it.
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(100);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private static Socket open(String host, int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    /** The local port of the connection: the server sees the component at this port. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public static String header(String to) {
        return "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='"
            + to + "'>";
    }

    public static String handshakeDigest(String streamId, String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((streamId + secret).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a stream for the domain and authenticates; fails unless the server answers {@code <handshake/>}. */
    public static RawComponent connect(int port, String domain, String secret) throws IOException {
        return authenticate(new RawComponent(port), domain, secret);
    }

    /** As {@link #connect(int, String, String)}, to a listener on another loopback address. */
    public static RawComponent connect(String host, int port, String domain, String secret) throws IOException {
        return authenticate(new RawComponent(host, port), domain, secret);
    }

    /** Opens a stream on an unauthenticated connection and authenticates, as {@link #connect}. */
    public static RawComponent authenticate(RawComponent component, String domain, String secret)
        throws IOException {
        Element answer = component.handshake(domain, secret);
        if (!"handshake".equals(answer.getName())) {
            throw new AssertionError("Expected <handshake/>, got " + answer.asXML());
        }
        return component;
    }

    /**
     * As {@link #connect}, for a component that keeps trying, as one that comes back does: while the server ends
     * the stream with an error instead of {@code <handshake/>} (its previous connection still holds the domain:
     * {@code conflict}; the stanzas held for it overflowed at once: {@code policy-violation}), it asks again.
     */
    public static RawComponent connectUntilAccepted(int port, String domain, String secret)
        throws IOException, InterruptedException {
        long deadline = Await.deadlineNanos();
        while (true) {
            RawComponent component = new RawComponent(port);
            Element answer = component.handshake(domain, secret);
            if ("handshake".equals(answer.getName())) {
                return component;
            }
            component.close();
            if (!"error".equals(answer.getName()) || Await.passed(deadline)) {
                throw new AssertionError("Expected <handshake/>, got " + answer.asXML());
            }
            // A component's pause before it tries again; the deadline bounds the whole wait.
            Thread.sleep(10);
        }
    }

    /**
     * As {@link #connect(int, String, String)}, with Openfire's {@code allowMultiple} attribute in the header: the
     * component asks to share its domain with its other connections.
     */
    public static RawComponent connectAllowingMultiple(int port, String domain, String secret) throws IOException {
        return connectAllowingMultiple(LOOPBACK, port, domain, secret);
    }

    /** As {@link #connectAllowingMultiple(int, String, String)}, to a listener on another loopback address. */
    public static RawComponent connectAllowingMultiple(String host, int port, String domain, String secret)
        throws IOException {
        RawComponent component = new RawComponent(host, port);
        Element answer = component.handshakeWith(header(domain).replace(">", " allowMultiple='true'>"), secret);
        if (!"handshake".equals(answer.getName())) {
            throw new AssertionError("Expected <handshake/>, got " + answer.asXML());
        }
        return component;
    }

    /** Opens the stream and sends the handshake; returns the server's answer. */
    private Element handshake(String domain, String secret) throws IOException {
        return handshakeWith(header(domain), secret);
    }

    /** Opens the stream with the given header and sends the handshake; returns the server's answer. */
    public Element handshakeWith(String header, String secret) throws IOException {
        send(header);
        String id = awaitStreamId();
        send("<handshake>" + handshakeDigest(id, secret) + "</handshake>");
        return nextElement();
    }

    /** Waits for Openfire's disco#info probe (the next element) and answers it. */
    public void answerDiscoProbe() throws IOException {
        Element element = nextRawElement();
        if (!answeredDiscoProbe(element)) {
            throw new AssertionError("Expected the disco#info probe, got " + element.asXML());
        }
    }

    /**
     * Answers the disco#info probe, handing what comes before it to the consumer: a stanza routed at the moment the
     * component is registered can overtake the probe, as in Openfire.
     */
    public void answerDiscoProbe(Consumer<Element> before) throws IOException {
        Element element = nextRawElement();
        while (!answeredDiscoProbe(element)) {
            before.accept(element);
            element = nextRawElement();
        }
    }

    /**
     * Answers the disco#info request that Openfire's component manager sends a newly registered component, as
     * components do; the server lists the component in its service discovery once answered.
     */
    private boolean answeredDiscoProbe(Element element) throws IOException {
        Element query = element.element("query");
        if (!"iq".equals(element.getName()) || !"get".equals(element.attributeValue("type")) || query == null
            || !"http://jabber.org/protocol/disco#info".equals(query.getNamespaceURI())
            || !InMemoryOpenfire.COMPONENT_MANAGER.toString().equals(element.attributeValue("from"))) {
            return false;
        }
        send("<iq type='result' id='" + element.attributeValue("id") + "' from='" + element.attributeValue("to")
            + "' to='" + element.attributeValue("from") + "'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='component' type='generic' name='test'/></query></iq>");
        return true;
    }

    public RawComponent send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    public RawComponent send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Writes the parts in slices until all are written or the server has closed the connection; returns how many
     * bytes were written. For input the server is expected to refuse part way through.
     */
    public long sendUntilClosed(byte[]... parts) {
        long written = 0;
        for (byte[] part : parts) {
            for (int offset = 0; offset < part.length; offset += SLICE_BYTES) {
                int length = Math.min(SLICE_BYTES, part.length - offset);
                try {
                    out.write(part, offset, length);
                } catch (IOException e) {
                    return written;
                }
                written += length;
            }
        }
        return written;
    }

    /**
     * Writes the bytes one per write, with a pause after every 16 so that the server reads them in many small
     * pieces, until the server sends anything or closes the connection; returns how many were written.
     */
    public int trickle(byte[] bytes) throws IOException, InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            if (in.available() > 0) {
                return i;
            }
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException e) {
                return i;
            }
            if (i % 16 == 15) {
                Thread.sleep(1);
            }
        }
        return bytes.length;
    }

    /** Ends the component's direction of the TCP connection (a FIN), keeping the server's direction open. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Everything the server has sent so far. */
    public String received() {
        if (receivedText.length() != received.length()) {
            receivedText = received.toString();
        }
        return receivedText;
    }

    /** The id of the server's stream header. */
    public String awaitStreamId() throws IOException {
        awaitPattern(STREAM_ID);
        return streamId(received()).orElseThrow();
    }

    /** The id of the stream header in what a server wrote, if it is there. */
    public static Optional<String> streamId(String received) {
        Matcher matcher = STREAM_ID.matcher(received);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The server's stream header, as sent. */
    public String awaitStreamHeader() throws IOException {
        awaitStreamId();
        String all = received();
        int start = all.indexOf("<stream:stream");
        return all.substring(start, all.indexOf('>', start) + 1);
    }

    public void awaitText(String text) throws IOException {
        awaitPattern(Pattern.compile(Pattern.quote(text)));
    }

    /**
     * The server's stream error, parsed; asserts that the stream was then closed with {@code </stream:stream>} and
     * the socket shut.
     */
    public Element awaitStreamErrorAndClose() throws IOException {
        // The server closes after its stream error: reading to the end first looks through what came only once.
        awaitClosed();
        Matcher matcher = STREAM_ERROR.matcher(received());
        if (!matcher.find()) {
            throw new AssertionError("Closed without a stream error; received: " + received());
        }
        String error = declareStreamPrefix(matcher.group());
        if (!received().substring(matcher.end()).contains("</stream:stream>")) {
            throw new AssertionError("No </stream:stream> after the stream error: " + received());
        }
        return parse(error);
    }

    /** The name of the condition child of a stream error. */
    public static String condition(Element streamError) {
        for (Element child : streamError.elements()) {
            if (!"text".equals(child.getName())) {
                return child.getName();
            }
        }
        return null;
    }

    /** Waits for the next top-level element with this name, skipping others (such as {@code <handshake/>}). */
    public Element awaitElement(String name) throws IOException {
        while (true) {
            Element element = nextElement();
            if (name.equals(element.getName())) {
                return element;
            }
        }
    }

    /**
     * Waits for the next complete top-level element of the server's stream. Openfire's disco#info probe is
     * answered on the way, as a component would, and not returned.
     */
    public Element nextElement() throws IOException {
        while (true) {
            Element element = nextRawElement();
            if (!answeredDiscoProbe(element)) {
                return element;
            }
        }
    }

    /**
     * As {@link #nextElement}, but waits at most the given time: empty when no element came in time or the server
     * closed the stream.
     */
    public Optional<Element> pollElement(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Element element = pollRawElement(Math.max(0, deadline - System.currentTimeMillis()));
            if (element == null || !answeredDiscoProbe(element)) {
                return Optional.ofNullable(element);
            }
        }
    }

    /**
     * Reads until the server closes the connection, then returns every complete element not taken yet, probes
     * included: a connection the server has closed cannot answer them.
     */
    public List<Element> elementsUntilClosed() throws IOException {
        awaitClosed();
        return elementsReceived();
    }

    /**
     * Every complete element received and not taken yet, probes included: what the socket holds is read, without
     * waiting for more.
     */
    public List<Element> elementsReceived() throws IOException {
        while (!closedByServer && in.available() > 0) {
            readSome();
        }
        List<Element> elements = new ArrayList<>();
        for (Element element; (element = pollRawElement(0)) != null; ) {
            elements.add(element);
        }
        return elements;
    }

    private Element nextRawElement() throws IOException {
        Element element = pollRawElement(Await.DEADLINE.toMillis());
        if (element == null) {
            throw new AssertionError("No further element from the server; received: " + received());
        }
        return element;
    }

    /** The next complete top-level element, reading for at most the given time; null if none came. */
    private Element pollRawElement(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            int[] bounds = topLevelElement(received, Math.max(consumed, afterHeader(received)));
            if (bounds != null) {
                consumed = bounds[1];
                return parse(declareStreamPrefix(received.substring(bounds[0], bounds[1])));
            }
            if (System.currentTimeMillis() >= deadline || !readSome()) {
                return null;
            }
        }
    }

    private static int afterHeader(StringBuilder all) {
        int header = all.indexOf("<stream:stream");
        return header < 0 ? Integer.MAX_VALUE : all.indexOf(">", header) + 1;
    }

    /** Start and end of the first complete element at or after {@code from}, or null. Quotes are respected. */
    private static int[] topLevelElement(StringBuilder xml, int from) {
        int start = xml.indexOf("<", Math.min(from, xml.length()));
        if (start < 0 || startsAt(xml, "</stream:stream", start)) {
            return null;
        }
        int depth = 0;
        int i = start;
        while (i < xml.length()) {
            int tagEnd = tagEnd(xml, i);
            if (tagEnd < 0) {
                return null;
            }
            if (xml.charAt(i + 1) == '/') {
                depth--;
            } else if (xml.charAt(tagEnd - 1) != '/') {
                depth++;
            }
            if (depth == 0) {
                return new int[] {start, tagEnd + 1};
            }
            i = xml.indexOf("<", tagEnd);
            if (i < 0) {
                return null;
            }
        }
        return null;
    }

    private static boolean startsAt(StringBuilder xml, String prefix, int at) {
        return xml.length() - at >= prefix.length() && xml.substring(at, at + prefix.length()).equals(prefix);
    }

    /** Where the tag that starts at {@code tagStart} ends (its '>', quotes respected), or -1 if not all there yet. */
    public static int tagEnd(StringBuilder xml, int tagStart) {
        char quote = 0;
        for (int i = tagStart + 1; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    /** Waits until the server closes the connection. */
    public void awaitClosed() throws IOException {
        long deadline = Await.deadlineNanos();
        while (!closedByServer) {
            if (Await.passed(deadline)) {
                throw new AssertionError("The server did not close the connection; received: " + received());
            }
            readSome();
        }
    }

    /** True once the server has closed the connection (as far as this component has read). */
    public boolean isClosed() {
        return closedByServer;
    }

    /** True when the server has not closed the connection within the given time. */
    public boolean staysOpenFor(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!readSome()) {
                return false;
            }
        }
        return true;
    }

    private void awaitPattern(Pattern pattern) throws IOException {
        long deadline = Await.deadlineNanos();
        while (!pattern.matcher(received()).find()) {
            if (Await.passed(deadline) || !readSome()) {
                throw new AssertionError("Expected " + pattern + " from the server; received: " + received());
            }
        }
    }

    /** Reads what is available; false once the server has closed the connection. */
    private boolean readSome() throws IOException {
        if (closedByServer) {
            return false;
        }
        try {
            int read = in.read(readBuffer);
            if (read < 0) {
                closedByServer = true;
                return false;
            }
            decode(readBuffer, read);
        } catch (SocketTimeoutException e) {
            // Nothing yet.
        } catch (IOException e) {
            closedByServer = true;
            return false;
        }
        return true;
    }

    private void decode(byte[] bytes, int length) {
        ByteBuffer input = ByteBuffer.allocate(undecoded.remaining() + length).put(undecoded).put(bytes, 0, length);
        input.flip();
        CharBuffer output = CharBuffer.allocate(input.remaining());
        decoder.decode(input, output, false);
        received.append(output.flip());
        undecoded = input;
    }

    /** A top-level element cut out of the stream may rely on the header's declaration of the stream prefix. */
    private static String declareStreamPrefix(String xml) {
        if (!xml.startsWith("<stream:") || xml.substring(0, xml.indexOf('>')).contains("xmlns:stream")) {
            return xml;
        }
        return xml.replaceFirst("<stream:(\\w+)", "<stream:$1 xmlns:stream='http://etherx.jabber.org/streams'");
    }

    private static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (DocumentException e) {
            throw new AssertionError("Not XML: " + xml, e);
        }
    }

    /**
     * Drops the connection as a crashing component does: the start of a stanza it never finishes, then a reset
     * (SO_LINGER 0), so that whatever either side had not read yet is lost with the socket.
     */
    public void reset(String unfinishedStanza) throws IOException {
        send(unfinishedStanza);
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
