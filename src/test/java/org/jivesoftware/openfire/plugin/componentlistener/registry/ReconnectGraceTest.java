package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** reconnect_grace (SPEC section 2): a restarting component loses nothing and nobody gets an error. */
class ReconnectGraceTest {
    private static final String DOMAIN = "gw.example.org";
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    private void send(int from, int count) {
        for (int i = from; i < from + count; i++) {
            openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, String.valueOf(i)));
        }
    }

    /** Waits until the server has noticed that the connection is gone: stanzas are held from then on. */
    private void awaitDisconnected() {
        fixture.awaitConnections(0);
    }

    private static List<Integer> receive(RawComponent component, int count) throws Exception {
        List<Integer> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(Integer.parseInt(component.awaitElement("message").elementText("body")));
        }
        return bodies;
    }

    private static List<Integer> range(int from, int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private void restartInsideTheWindow(boolean abrupt, ListenerFixture returnTo) throws Exception {
        RawComponent first = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
        send(0, 50);
        assertEquals(range(0, 50), receive(first, 50));
        if (abrupt) {
            first.close();
            // A stanza written into a socket whose peer has just vanished is lost with TCP's buffers; the test
            // sends once the server knows.
            awaitDisconnected();
        } else {
            first.send("</stream:stream>");
            first.awaitClosed();
            first.close();
        }
        send(50, 100);
        try (RawComponent second = RawComponent.connect(returnTo.port(), DOMAIN, SECRET)) {
            send(150, 50);
            assertEquals(range(50, 150), receive(second, 150), "everything, in order");
        }
        assertTrue(openfire.inbox(ALICE).isEmpty(), "nothing bounced: " + openfire.inbox(ALICE));
        assertEquals(1, openfire.calls().stream().filter("register gw"::equals).count(), "the route stayed");
    }

    @Test
    void abruptRestartInsideTheWindowDeliversEverythingInOrder() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "3000"));
        restartInsideTheWindow(true, fixture);
    }

    @Test
    void cleanRestartInsideTheWindowDeliversEverythingInOrder() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "3000"));
        restartInsideTheWindow(false, fixture);
    }

    @Test
    void theComponentMayComeBackOnAnotherListenerOfThePlugin() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "3000"));
        restartInsideTheWindow(true, listeners.beside(fixture, Map.of()));
    }

    @Test
    void aComponentThatNeverComesBackHasItsStanzasBouncedWhenTheWindowEnds() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "500"));
        RawComponent.connect(fixture.port(), DOMAIN, SECRET).close();
        awaitDisconnected();
        send(0, 10);
        assertTrue(openfire.hasRoute(DOMAIN), "kept during the window");
        assertTrue(openfire.inbox(ALICE).isEmpty());
        Await.until("the route to go with the window", () -> !openfire.hasRoute(DOMAIN));
        Await.until("the held stanzas bounced", () -> openfire.inbox(ALICE).size() >= 10,
            () -> openfire.inbox(ALICE).toString());
        List<Packet> bounces = new ArrayList<>(openfire.inbox(ALICE));
        assertEquals(10, bounces.size());
        for (Packet bounce : bounces) {
            assertEquals(PacketError.Condition.service_unavailable, InMemoryOpenfire.condition(bounce));
            assertEquals(PacketError.Type.cancel, bounce.getError().getType());
        }
    }

    @Test
    void theHoldIsBoundedByTheQueueLimit() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "3000", "max_fsm_queue", "10"));
        RawComponent.connect(fixture.port(), DOMAIN, SECRET).close();
        awaitDisconnected();
        send(0, 15);
        Await.until("the stanzas past the limit bounced", () -> openfire.inbox(ALICE).size() >= 5,
            () -> openfire.inbox(ALICE).toString());
        List<Packet> bounces = new ArrayList<>(openfire.inbox(ALICE));
        assertEquals(5, bounces.size(), "the stanzas past the limit");
        for (Packet bounce : bounces) {
            assertEquals(PacketError.Condition.resource_constraint, InMemoryOpenfire.condition(bounce));
            assertEquals(PacketError.Type.wait, bounce.getError().getType());
        }
        try (RawComponent back = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            assertEquals(range(0, 10), receive(back, 10), "the oldest ten were kept");
        }
    }

    @Test
    void withoutGraceTheRouteGoesAtOnce() throws Exception {
        fixture = listeners.start();
        RawComponent.connect(fixture.port(), DOMAIN, SECRET).close();
        awaitDisconnected();
        Await.until("the route gone with the connection", () -> !openfire.hasRoute(DOMAIN));
    }

    @Test
    void stoppingThePluginDropsHeldDomains() throws Exception {
        fixture = listeners.start(Map.of("reconnect_grace", "60000"));
        RawComponent.connect(fixture.port(), DOMAIN, SECRET).close();
        awaitDisconnected();
        send(0, 3);
        fixture.close();
        assertFalse(openfire.hasRoute(DOMAIN));
        assertEquals(3, openfire.inbox(ALICE).size(), "held stanzas are bounced, not kept past the plugin");
    }
}
