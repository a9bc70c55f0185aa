package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.BlockingQueue;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Input and timing that broke earlier versions: each test pins one such case. */
class HostileAndRacyInputTest {
    private static final String COMPONENT = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);

    private static Message message(String to, String body) {
        return InMemoryOpenfire.message(ALICE + "/phone", to, body);
    }

    @Test
    void aPacketObjectReusedByOpenfireIsWrittenAsItWasRouted() throws Exception {
        ListenerFixture fixture = listeners.start();
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            for (int i = 0; i < 200; i++) {
                // Openfire's presence broadcast reuses one packet, changing its 'to' for each recipient.
                Message shared = message("a" + i + "@" + COMPONENT, "x");
                openfire.send(shared);
                shared.setTo("b" + i + "@" + COMPONENT);
                openfire.send(shared);
                assertEquals("a" + i + "@" + COMPONENT, component.awaitElement("message").attributeValue("to"));
                assertEquals("b" + i + "@" + COMPONENT, component.awaitElement("message").attributeValue("to"));
            }
        }
    }

    @Test
    void aComponentThatStopsReadingIsStillDisconnectedOnOverflow() throws Exception {
        ListenerFixture fixture = listeners.start(Map.of("max_fsm_queue", "20"));
        try (RawComponent stalled = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), COMPONENT,
            SECRET)) {
            String body = "s".repeat(4000);
            for (int i = 0; i < 3000 && openfire.hasRoute(COMPONENT); i++) {
                openfire.send(message(COMPONENT, body));
            }
            Await.until("unregistered although the component reads nothing", () -> !openfire.hasRoute(COMPONENT));
            // It never reads, yet the server closes the connection once its last words have had their time.
            Await.until("the connection closed", () -> fixture.listener().sessions().isEmpty(),
                () -> fixture.listener().sessions().toString());
        }
    }

    @Test
    void anUnknownStanzaTypeIsBadRequestNotACrash() throws Exception {
        ListenerFixture fixture = listeners.start(Map.of("hidden_components", "true"));
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            component.send("<iq type='bogus' id='1' from='" + COMPONENT + "' to='component.example.org'/>");
            Element reply = component.nextElement();
            assertEquals("error", reply.attributeValue("type"));
            assertNotNull(reply.element("error").element("bad-request"));
            component.send("<message type='shout' from='" + COMPONENT + "' to='" + ALICE + "'/>");
            assertNotNull(component.nextElement().element("error").element("bad-request"));
            assertTrue(component.staysOpenFor(100));
        }
    }

    @Test
    void cdataInTheSameReadAsTheHeaderIsAllowed() throws Exception {
        ListenerFixture fixture = listeners.start();
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header(COMPONENT) + "<handshake><![CDATA[0000]]></handshake>");
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("not-authorized", condition(error), "a wrong handshake, but not restricted XML");
        }
    }

    @Test
    void beforeAuthenticationElementsAreSmall() throws Exception {
        ListenerFixture fixture = listeners.start();
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header(COMPONENT));
            component.awaitStreamId();
            component.send("<handshake>" + "<a/>".repeat(5000) + "</handshake>");
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
        }
    }

    @Test
    void whenTheServerAnswersTheClosingTagTheRouteIsAlreadyGone() throws Exception {
        ListenerFixture fixture = listeners.start();
        for (int i = 0; i < 20; i++) {
            try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
                component.send("</stream:stream>");
                component.awaitText("</stream:stream>");
                assertFalse(openfire.hasRoute(COMPONENT), "unregistered before </stream:stream> was sent");
            }
        }
    }

    @Test
    void anAbruptDisconnectBouncesWhatThePluginStillHeld() throws Exception {
        ListenerFixture fixture = listeners.start();
        int sent = 3000;
        int delivered;
        try (RawComponent component = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), COMPONENT,
            SECRET)) {
            String body = "d".repeat(2000);
            for (int i = 0; i < sent; i++) {
                openfire.send(message(COMPONENT, body));
            }
            // Only whole stanzas count: one cut by the close failed its write and is bounced.
            delivered = component.received().split("</message>", -1).length - 1;
        }
        // The server bounces what it had not written once it has noticed the drop and Openfire has dropped the route.
        BlockingQueue<Packet> inbox = openfire.inbox(ALICE);
        Await.until("the bounces of what the plugin held", () -> !openfire.hasRoute(COMPONENT)
                && fixture.listener().sessions().isEmpty() && inbox.size() > 0
                && sent - delivered - inbox.size() < 1000,
            () -> "route " + openfire.hasRoute(COMPONENT) + ", " + inbox.size() + " bounces, " + delivered
                + " delivered of " + sent);
        int bounced = 0;
        for (Packet bounce; (bounce = inbox.poll()) != null; ) {
            assertEquals(PacketError.Condition.resource_constraint, InMemoryOpenfire.condition(bounce));
            bounced++;
        }
        assertTrue(bounced > 0);
        // What the kernel had taken for the closed socket is lost with it: TCP can't tell. Everything the
        // plugin still held came back.
        assertTrue(delivered + bounced <= sent);
        assertTrue(sent - delivered - bounced < 1000, "lost in socket buffers: " + (sent - delivered - bounced));
    }
}
