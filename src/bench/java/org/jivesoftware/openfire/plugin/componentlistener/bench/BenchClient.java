package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user logged in over c2s without TLS: SASL PLAIN, resource binding, and a session when the server asks for one.
 * No initial presence: the benchmark only sends to and from full JIDs.
 */
final class BenchClient implements AutoCloseable {
    private static final long ANSWER_MILLIS = 10_000;
    static final String RESOURCE = "bench";

    private final XmppConnection connection;
    private final String fullJid;

    private BenchClient(XmppConnection connection, String fullJid) {
        this.connection = connection;
        this.fullJid = fullJid;
    }

    static BenchClient login(String host, int port, String xmppDomain, String user, String password)
        throws IOException, InterruptedException {
        XmppConnection connection = XmppConnection.open(host, port);
        try {
            openStream(connection, xmppDomain);
            String features = connection.nextElement(ANSWER_MILLIS);
            if (!features.contains("PLAIN")) {
                throw new IOException("the server offers no SASL PLAIN without TLS: " + features);
            }
            String credentials = Base64.getEncoder()
                .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            connection.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + credentials
                + "</auth>");
            expect(connection, "<success", "login of " + user);
            openStream(connection, xmppDomain);
            features = connection.nextElement(ANSWER_MILLIS);
            connection.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                + RESOURCE + "</resource></bind></iq>");
            String bound = expect(connection, "<iq", "resource binding of " + user);
            String fullJid = StanzaText.text(bound, "jid");
            if (fullJid == null) {
                throw new IOException("resource binding of " + user + " failed: " + bound);
            }
            if (features.contains("urn:ietf:params:xml:ns:xmpp-session") && !features.contains("<optional")) {
                connection.send("<iq type='set' id='session'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"
                    + "</iq>");
                expect(connection, "<iq", "session of " + user);
            }
            return new BenchClient(connection, fullJid);
        } catch (IOException | InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static void openStream(XmppConnection connection, String xmppDomain) throws IOException {
        connection.send("<?xml version='1.0'?><stream:stream to='" + xmppDomain + "' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
    }

    /** The next element, which must start with the given text and not be an error. */
    private static String expect(XmppConnection connection, String start, String step)
        throws IOException, InterruptedException {
        String element = connection.nextElement(ANSWER_MILLIS);
        if (!element.startsWith(start) || StanzaText.isError(element)) {
            throw new IOException(step + " failed: " + element);
        }
        return element;
    }

    String fullJid() {
        return fullJid;
    }

    XmppConnection connection() {
        return connection;
    }

    @Override
    public void close() throws InterruptedException {
        connection.closeStream(ANSWER_MILLIS);
    }
}
