package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    private static final long TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** Where the next {@link #nextElement} starts looking. */
    private int consumed;
    private boolean closedByServer;

    public RawComponent(int port) throws IOException {
        this(port, 0);
    }

    /** A component with a small socket receive buffer (when not 0), to make the server's queue fill up. */
    public RawComponent(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(100);
        in = socket.getInputStream();
        out = socket.getOutputStream();
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

    /** Opens a stream on an unauthenticated connection and authenticates, as {@link #connect}. */
    public static RawComponent authenticate(RawComponent component, String domain, String secret)
        throws IOException {
        component.send(header(domain));
        String id = component.awaitStreamId();
        component.send("<handshake>" + handshakeDigest(id, secret) + "</handshake>");
        Element answer = component.nextElement();
        if (!"handshake".equals(answer.getName())) {
            throw new AssertionError("Expected <handshake/>, got " + answer.asXML());
        }
        return component;
    }

    /** Waits for Openfire's disco#info probe (the next element) and answers it. */
    public void answerDiscoProbe() throws IOException {
        Element element = nextRawElement();
        if (!answeredDiscoProbe(element)) {
            throw new AssertionError("Expected the disco#info probe, got " + element.asXML());
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

    /** Everything the server has sent so far. */
    public String received() {
        return received.toString(StandardCharsets.UTF_8);
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
        awaitPattern(STREAM_ERROR);
        Matcher matcher = STREAM_ERROR.matcher(received());
        matcher.find();
        String error = declareStreamPrefix(matcher.group());
        awaitClosed();
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

    private Element nextRawElement() throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            String all = received();
            int[] bounds = topLevelElement(all, Math.max(consumed, afterHeader(all)));
            if (bounds != null) {
                consumed = bounds[1];
                return parse(declareStreamPrefix(all.substring(bounds[0], bounds[1])));
            }
            if (System.currentTimeMillis() > deadline || !readSome()) {
                throw new AssertionError("No further element from the server; received: " + received());
            }
        }
    }

    private static int afterHeader(String all) {
        int header = all.indexOf("<stream:stream");
        return header < 0 ? Integer.MAX_VALUE : all.indexOf('>', header) + 1;
    }

    /** Start and end of the first complete element at or after {@code from}, or null. Quotes are respected. */
    private static int[] topLevelElement(String xml, int from) {
        int start = xml.indexOf('<', Math.min(from, xml.length()));
        if (start < 0 || xml.startsWith("</stream:stream", start)) {
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
            i = xml.indexOf('<', tagEnd);
            if (i < 0) {
                return null;
            }
        }
        return null;
    }

    private static int tagEnd(String xml, int tagStart) {
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
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!closedByServer) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The server did not close the connection; received: " + received());
            }
            readSome();
        }
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
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!pattern.matcher(received()).find()) {
            if (System.currentTimeMillis() > deadline || !readSome()) {
                throw new AssertionError("Expected " + pattern + " from the server; received: " + received());
            }
        }
    }

    /** Reads what is available; false once the server has closed the connection. */
    private boolean readSome() throws IOException {
        if (closedByServer) {
            return false;
        }
        byte[] buffer = new byte[8192];
        try {
            int read = in.read(buffer);
            if (read < 0) {
                closedByServer = true;
                return false;
            }
            received.write(buffer, 0, read);
        } catch (SocketTimeoutException e) {
            // Nothing yet.
        } catch (IOException e) {
            closedByServer = true;
            return false;
        }
        return true;
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
