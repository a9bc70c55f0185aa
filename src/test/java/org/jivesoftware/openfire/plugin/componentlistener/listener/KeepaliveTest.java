package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Message;

/** Dead peers: a silent component is pinged (XEP-0199); one that then sends nothing is disconnected. */
class KeepaliveTest {
    private static final String COMPONENT = "comp.example.org";
    private static final String ALICE = "alice@example.org";
    private static final Map<String, String> QUICK = Map.of("keepalive_interval", "300", "keepalive_timeout", "300");

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;


    private static Element awaitPing(RawComponent component) throws Exception {
        Element ping = component.awaitElement("iq");
        assertEquals("get", ping.attributeValue("type"));
        assertEquals(InMemoryOpenfire.DOMAIN, ping.attributeValue("from"));
        assertEquals(COMPONENT, ping.attributeValue("to"));
        assertNotNull(ping.element("ping"));
        assertEquals("urn:xmpp:ping", ping.element("ping").getNamespaceURI());
        return ping;
    }

    private static String answer(Element ping, String type) {
        return "<iq type='" + type + "' id='" + ping.attributeValue("id") + "' from='" + COMPONENT + "' to='"
            + InMemoryOpenfire.DOMAIN + "'/>";
    }

    @Test
    void aQuietComponentThatAnswersPingsStaysConnected() throws Exception {
        fixture = listeners.start(QUICK);
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            component.send(answer(awaitPing(component), "result"));
            // An error answer (a component that does not know XEP-0199) proves it alive just as well.
            component.send(answer(awaitPing(component), "error"));
            component.send(answer(awaitPing(component), "result"));
            assertTrue(openfire.hasRoute(COMPONENT));
            assertTrue(openfire.unroutable().isEmpty(), "answers to the server's pings are not routed on");
        }
    }

    @Test
    void anyOtherDataCountsAsAnAnswer() throws Exception {
        fixture = listeners.start(QUICK);
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            for (int i = 0; i < 3; i++) {
                awaitPing(component);
                component.send("<message from='" + COMPONENT + "' to='" + ALICE + "'><body>busy</body></message>");
                assertNotNull(openfire.next(ALICE));
            }
            assertTrue(component.staysOpenFor(200));
        }
    }

    @Test
    void aComponentThatFallsSilentIsDisconnectedAndItsStanzasAreHeld() throws Exception {
        Map<String, String> options = Map.of("keepalive_interval", "300", "keepalive_timeout", "300",
            "reconnect_grace", "5000");
        fixture = listeners.start(options);
        try (RawComponent silent = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            long lastSent = System.nanoTime();
            awaitPing(silent);
            assertEquals("connection-timeout", RawComponent.condition(silent.awaitStreamErrorAndClose()));
            long detectedMillis = (System.nanoTime() - lastSent) / 1_000_000;
            System.out.println("A silent component was detected " + detectedMillis
                + " ms after its last data (keepalive_interval 300 ms + keepalive_timeout 300 ms)");
            assertTrue(detectedMillis >= 550 && detectedMillis < 3000, "detected after " + detectedMillis + " ms");
        }
        // The usual rules of a departure follow: held for reconnect_grace, then delivered on return.
        Message held = InMemoryOpenfire.message(ALICE + "/phone", COMPONENT, "while away");
        openfire.send(held);
        try (RawComponent back = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            assertEquals("while away", back.awaitElement("message").elementText("body"));
        }
        assertEquals(null, openfire.next(ALICE, 100), "nothing was bounced");
    }

    @Test
    void withoutReconnectGraceASilentComponentsDomainGoes() throws Exception {
        fixture = listeners.start(QUICK);
        try (RawComponent silent = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            assertEquals("connection-timeout", RawComponent.condition(silent.awaitStreamErrorAndClose()));
        }
        Await.until("the domain gone", () -> !openfire.hasRoute(COMPONENT));
    }

    @Test
    void zeroTurnsKeepaliveOffAndANewIntervalReachesConnectedComponents() throws Exception {
        fixture = listeners.start(Map.of("keepalive_interval", "0", "keepalive_timeout", "300"));
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            assertTrue(component.staysOpenFor(1000));
            assertFalse(component.received().contains("urn:xmpp:ping"), "never pinged");
            fixture.listener().update(ListenerFixture.config("test", QUICK).withPort(fixture.port()));
            component.send(answer(awaitPing(component), "result"));
            assertTrue(openfire.unroutable().isEmpty(), "the answer is not routed on");
        }
    }
}
