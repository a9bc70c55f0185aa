package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;

/**
 * An external component (XEP-0114) for the benchmark. It answers every IQ get or set with a result, as a component
 * must (Openfire's own probes after the handshake, and the clients' round trips), and hands every element it
 * receives to the scenario's handler.
 */
final class BenchComponent implements AutoCloseable {
    static final long ANSWER_MILLIS = 10_000;

    private final XmppConnection connection;
    private final String domain;
    private volatile Consumer<String> received = element -> { };

    private BenchComponent(XmppConnection connection, String domain) {
        this.connection = connection;
        this.domain = domain;
    }

    /**
     * Opens a stream for the domain and authenticates. A refusal (a stream error, a closed stream) is an
     * IOException whose message is what the server said.
     */
    static BenchComponent connect(String host, int port, String domain, String secret)
        throws IOException, InterruptedException {
        XmppConnection connection = XmppConnection.open(host, port);
        try {
            connection.send(RawComponent.header(domain));
            Optional<String> streamId = RawComponent.streamId(connection.awaitStreamHeader(ANSWER_MILLIS));
            if (streamId.isEmpty()) {
                throw new IOException("refused with a stream header without an id, then " + refusal(connection));
            }
            connection.send("<handshake>" + RawComponent.handshakeDigest(streamId.get(), secret) + "</handshake>");
            String answer = connection.nextElement(ANSWER_MILLIS);
            if (!answer.startsWith("<handshake")) {
                throw new IOException("handshake refused: " + answer);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
        BenchComponent component = new BenchComponent(connection, domain);
        connection.onElement(component::handle);
        return component;
    }

    /** What follows a refusing header: a stream error, or (Openfire's own port) just the end of the connection. */
    private static String refusal(XmppConnection connection) throws InterruptedException {
        try {
            return connection.nextElement(ANSWER_MILLIS);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private void handle(String element) {
        if (element.startsWith("<iq")) {
            String type = StanzaText.attribute(element, "type");
            if ("get".equals(type) || "set".equals(type)) {
                answer(element);
            }
        }
        received.accept(element);
    }

    private void answer(String iq) {
        String discoInfo = iq.contains("http://jabber.org/protocol/disco#info")
            ? "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='component' type='generic'"
                + " name='benchmark'/></query>"
            : "";
        try {
            connection.send("<iq type='result' id='" + StanzaText.attribute(iq, "id") + "' from='"
                + StanzaText.attribute(iq, "to") + "' to='" + StanzaText.attribute(iq, "from") + "'>" + discoInfo
                + "</iq>");
        } catch (IOException e) {
            // The connection broke: the reader sees the end and the scenario reports what did not arrive.
        }
    }

    /** Every element received from now on also goes to this handler, on the reader thread. */
    void onReceived(Consumer<String> handler) {
        received = handler;
    }

    String domain() {
        return domain;
    }

    XmppConnection connection() {
        return connection;
    }

    /** Ends the stream and waits for the server's end; false when it did not end in time. */
    boolean closeStream() throws InterruptedException {
        return connection.closeStream(ANSWER_MILLIS);
    }

    @Override
    public void close() throws InterruptedException {
        closeStream();
    }
}
