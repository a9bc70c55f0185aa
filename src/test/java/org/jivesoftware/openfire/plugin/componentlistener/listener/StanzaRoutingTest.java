package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.BlockingQueue;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** SPEC sections 4 and 7 over loopback TCP: what a component may send, and what reaches it. */
class StanzaRoutingTest {
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    @BeforeEach
    void start() throws InterruptedException {
        fixture = listeners.start();
    }


    @Test
    void everyAddressFormOfTheDomainReachesTheComponent() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            for (String to : new String[] {"comp.example.org", "x@comp.example.org", "comp.example.org/r"}) {
                openfire.send(InMemoryOpenfire.message(ALICE + "/phone", to, "to " + to));
                Element received = component.awaitElement("message");
                assertEquals(to, received.attributeValue("to"));
                assertEquals(ALICE + "/phone", received.attributeValue("from"));
                assertEquals("to " + to, received.elementText("body"));
                assertEquals("", received.getNamespaceURI(), "written in the stream's default namespace");
            }
        }
    }

    @Test
    void repliesReachTheUserUnchanged() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<message from='bot@comp.example.org/r' to='" + ALICE + "/phone' type='chat' id='m1'>"
                + "<body>hello &amp; welcome</body><x xmlns='urn:example:extra' a='1'><y/></x></message>");
            Packet received = openfire.next(ALICE);
            assertNotNull(received);
            assertEquals(new JID("bot@comp.example.org/r"), received.getFrom());
            assertEquals(new JID(ALICE + "/phone"), received.getTo());
            assertEquals("hello & welcome", ((Message) received).getBody());
            assertEquals("m1", received.getID());
            assertEquals("1", received.getElement().element("x").attributeValue("a"));
            assertEquals("urn:example:extra", received.getElement().element("x").getNamespaceURI());
            assertEquals("", received.getElement().getNamespaceURI());
        }
    }

    @Test
    void iqAndPresenceAreRoutedToo() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<presence from='comp.example.org' to='" + ALICE + "'/>");
            component.send("<iq type='get' id='q1' from='comp.example.org' to='" + ALICE + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertEquals("presence", openfire.next(ALICE).getElement().getName());
            IQ iq = (IQ) openfire.next(ALICE);
            assertEquals(IQ.Type.get, iq.getType());
            assertEquals("http://jabber.org/protocol/disco#info", iq.getChildElement().getNamespaceURI());
        }
    }

    private Element refusedStanza(RawComponent component, String stanza) throws Exception {
        component.send(stanza);
        Element reply = component.nextElement();
        assertEquals("error", reply.attributeValue("type"), reply.asXML());
        Element error = reply.element("error");
        assertEquals("modify", error.attributeValue("type"));
        assertNotNull(error.element("bad-request"), reply.asXML());
        assertEquals(PacketError.Condition.bad_request.toXMPP(), error.element("bad-request").getName());
        return reply;
    }

    /** After a stanza error the stream stays usable: a valid message still gets through. */
    private void assertStillUsable(RawComponent component) throws Exception {
        component.send("<message from='comp.example.org' to='" + ALICE + "'><body>still here</body></message>");
        Packet delivered = openfire.next(ALICE);
        assertNotNull(delivered, "the connection stays usable");
        assertEquals("still here", ((Message) delivered).getBody());
    }

    @Test
    void nonStanzaElementIsBadRequestWithAddressesSwapped() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            Element reply = refusedStanza(component, "<foo from='comp.example.org' to='" + ALICE + "'/>");
            assertEquals("foo", reply.getName());
            assertEquals("comp.example.org", reply.attributeValue("to"));
            assertEquals(ALICE, reply.attributeValue("from"));
            assertStillUsable(component);
        }
    }

    @Test
    void lateHandshakeIsBadRequest() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            refusedStanza(component, "<handshake>" + handshakeDigest("x", SECRET) + "</handshake>");
            assertStillUsable(component);
        }
    }

    @Test
    void missingOrInvalidToIsBadRequest() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            refusedStanza(component, "<message from='comp.example.org'><body>x</body></message>");
            refusedStanza(component, "<message from='comp.example.org' to='@@@'><body>x</body></message>");
            assertStillUsable(component);
        }
        assertTrue(openfire.unroutable().isEmpty());
    }

    @Test
    void missingOrInvalidFromIsBadRequest() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            Element reply = refusedStanza(component, "<message to='" + ALICE + "'><body>x</body></message>");
            assertNull(reply.attributeValue("to"), "no sender, no 'to' on the reply");
            refusedStanza(component, "<iq type='get' id='1' from='@@@' to='" + ALICE + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertStillUsable(component);
        }
        assertTrue(openfire.inbox(ALICE).isEmpty());
    }

    @Test
    void checkFromRefusesOtherDomainsAndDeeperSubdomains() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            refusedStanza(component, "<message from='bob@example.org' to='" + ALICE + "'><body>spoof</body></message>");
            refusedStanza(component, "<message from='x.comp.example.org' to='" + ALICE + "'><body>deeper</body></message>");
            refusedStanza(component, "<message from='other.example.org' to='" + ALICE + "'><body>x</body></message>");
            assertStillUsable(component);
        }
        assertTrue(openfire.inbox(ALICE).isEmpty(), "nothing refused was routed");
    }

    @Test
    void checkFromAllowsAnyUserOrResourceOfTheDomain() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            for (String from : new String[] {"comp.example.org", "u@comp.example.org", "comp.example.org/r",
                "u@comp.example.org/r"}) {
                component.send("<message from='" + from + "' to='" + ALICE + "'><body>x</body></message>");
                assertEquals(new JID(from), openfire.next(ALICE).getFrom());
            }
        }
    }

    @Test
    void withoutCheckFromAnyValidFromIsRouted() throws Exception {
        fixture.close();
        fixture = listeners.start(Map.of("check_from", "false"));
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<message from='other.example.org' to='" + ALICE + "'><body>x</body></message>");
            assertEquals(new JID("other.example.org"), openfire.next(ALICE).getFrom());
            refusedStanza(component, "<message from='@@@' to='" + ALICE + "'><body>x</body></message>");
        }
    }

    @Test
    void errorsAndResultsAreNeverAnsweredWithErrors() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<message type='error' from='bob@example.org' to='" + ALICE + "'/>");
            component.send("<iq type='result' id='r1' from='bob@example.org' to='" + ALICE + "'/>");
            component.send("<foo type='error'/>");
            component.send("<message from='comp.example.org' to='" + ALICE + "'><body>marker</body></message>");
            assertEquals("marker", ((Message) openfire.next(ALICE)).getBody());
            assertFalse(component.received().contains("bad-request"), component.received());
        }
    }

    @Test
    void streamErrorFromTheComponentEndsTheStream() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<stream:error><undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error>");
            component.awaitClosed();
            assertTrue(component.received().endsWith("</stream:stream>"));
        }
        assertFalse(openfire.hasRoute("comp.example.org"));
    }

    @Test
    void stanzasStillQueuedWhenTheComponentLeavesAreBouncedNotLost() throws Exception {
        int sent = 10000;
        int delivered;
        try (RawComponent component = RawComponent.authenticate(new RawComponent(fixture.port(), 4096),
            "comp.example.org", SECRET)) {
            String body = "x".repeat(4000);
            for (int i = 0; i < sent; i++) {
                openfire.send(InMemoryOpenfire.message(ALICE, "comp.example.org", body));
            }
            // The component has read nothing yet: most stanzas wait in the plugin's queue. It reads only once the
            // server has taken its route away, so that a busy server cannot write them all before it sees the end.
            component.send("</stream:stream>");
            Await.until("the route to be removed", () -> !openfire.hasRoute("comp.example.org"));
            component.awaitClosed();
            // Only whole stanzas count: one cut by the close failed its write and is bounced.
            delivered = component.received().split("</message>", -1).length - 1;
        }
        // The server bounces after the socket is closed (what its write buffer held fails as the socket goes, the
        // queue once Openfire has dropped the route): the bounces arrive after the component saw the close.
        BlockingQueue<Packet> inbox = openfire.inbox(ALICE);
        int expectedBounces = sent - delivered;
        Await.until(expectedBounces + " bounces", () -> inbox.size() >= expectedBounces,
            () -> inbox.size() + " bounces, " + delivered + " delivered of " + sent);
        assertTrue(expectedBounces > 0, "the queue held stanzas when the component left; delivered " + delivered);
        int bounced = 0;
        Packet bounce;
        while ((bounce = inbox.poll()) != null) {
            assertEquals(PacketError.Condition.resource_constraint, InMemoryOpenfire.condition(bounce));
            assertEquals(PacketError.Type.wait, bounce.getError().getType());
            assertEquals(new JID("comp.example.org"), bounce.getFrom());
            bounced++;
        }
        assertEquals(sent, delivered + bounced, "every stanza is delivered or bounced to its sender, once");
    }

    @Test
    void stanzasAfterTheComponentLeftAreUnroutable() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("</stream:stream>");
            component.awaitClosed();
        }
        openfire.send(InMemoryOpenfire.message(ALICE, "comp.example.org", "too late"));
        assertEquals("too late", ((Message) openfire.unroutable().poll()).getBody(),
            "after the close the route is gone: Openfire answers as for any unknown service");
    }

    @Test
    void isSubdomainRegistersLabelUnderTheXmppDomain() throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/"
                + "streams' to='PubSub' is_subdomain='true'>");
            String header = component.awaitStreamHeader();
            assertTrue(header.contains("from='pubsub'"), header);
            component.send("<handshake>" + handshakeDigest(component.awaitStreamId(), SECRET) + "</handshake>");
            component.awaitText("<handshake/>");
            assertTrue(openfire.hasRoute("pubsub.example.org"));

            openfire.send(InMemoryOpenfire.message(ALICE, "node@pubsub.example.org", "in"));
            assertEquals("node@pubsub.example.org", component.awaitElement("message").attributeValue("to"));

            component.send("<message from='pubsub.example.org' to='" + ALICE + "'><body>out</body></message>");
            assertEquals(new JID("pubsub.example.org"), openfire.next(ALICE).getFrom());
            refusedStanza(component, "<message from='pubsub' to='" + ALICE + "'><body>bare label</body></message>");
            refusedStanza(component, "<message from='user@other.example.org' to='" + ALICE + "'/>");
        }
    }

    @Test
    void isSubdomainCountsOnlyWithValueTrue() throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/"
                + "streams' to='pubsub' is_subdomain='1'>");
            assertEquals("host-unknown", condition(component.awaitStreamErrorAndClose()),
                "without the extension 'pubsub' is a domain outside example.org");
        }
    }

    @Test
    void isSubdomainWithInvalidLabelIsHostUnknown() throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/"
                + "streams' to='a@b' is_subdomain='true'>");
            assertEquals("host-unknown", condition(component.awaitStreamErrorAndClose()));
        }
    }

    @Test
    void secretOrderIsSubdomainSecretThenListenerPasswordThenDefault() throws Exception {
        openfire.defaultSecret("default-secret").subdomainSecret("special", "special-secret");
        RawComponent.connect(fixture.port(), "special.example.org", "special-secret").close();
        RawComponent.connect(fixture.port(), "plain.example.org", SECRET).close();

        fixture.close();
        fixture = listeners.start(Map.of("password", ""));
        RawComponent.connect(fixture.port(), "plain2.example.org", "default-secret").close();
    }
}
