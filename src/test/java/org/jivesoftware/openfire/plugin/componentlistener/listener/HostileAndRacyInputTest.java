package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Input and timing that broke earlier versions: each test pins one such case. */
class HostileAndRacyInputTest {
    private static final String COMPONENT = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    private ListenerFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Message message(String to, String body) {
        return InMemoryOpenfire.message(ALICE + "/phone", to, body);
    }

    @Test
    void aPacketObjectReusedByOpenfireIsWrittenAsItWasRouted() throws Exception {
        fixture = ListenerFixture.start(openfire);
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
        fixture = ListenerFixture.start(openfire, Map.of("max_fsm_queue", "20"));
        try (RawComponent stalled = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), COMPONENT,
            SECRET)) {
            String body = "s".repeat(4000);
            for (int i = 0; i < 3000 && openfire.hasRoute(COMPONENT); i++) {
                openfire.send(message(COMPONENT, body));
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (openfire.hasRoute(COMPONENT) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(openfire.hasRoute(COMPONENT), "unregistered although the component reads nothing");
            // It never reads, yet the server closes the connection within its last-words delay.
            deadline = System.currentTimeMillis() + 3000;
            while (!fixture.listener().sessions().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(fixture.listener().sessions().isEmpty(), "the connection was closed");
        }
    }

    @Test
    void anUnknownStanzaTypeIsBadRequestNotACrash() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("hidden_components", "true"));
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
        fixture = ListenerFixture.start(openfire);
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header(COMPONENT) + "<handshake><![CDATA[0000]]></handshake>");
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("not-authorized", condition(error), "a wrong handshake, but not restricted XML");
        }
    }

    @Test
    void beforeAuthenticationElementsAreSmall() throws Exception {
        fixture = ListenerFixture.start(openfire);
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
        fixture = ListenerFixture.start(openfire);
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
        fixture = ListenerFixture.start(openfire);
        int sent = 3000;
        int delivered;
        try (RawComponent component = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), COMPONENT,
            SECRET)) {
            String body = "d".repeat(2000);
            for (int i = 0; i < sent; i++) {
                openfire.send(message(COMPONENT, body));
            }
            delivered = component.received().split("<message ", -1).length - 1;
        }
        // Give the server time to notice the drop and bounce what it had not written.
        long deadline = System.currentTimeMillis() + 5000;
        while (openfire.hasRoute(COMPONENT) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        int bounced = 0;
        for (Packet bounce; (bounce = openfire.inbox(ALICE).poll()) != null; ) {
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
