package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * A slow Openfire (removing a component, looking up admins and groups) must not stall the event loop that other
 * components share: those calls run on other threads, and the order the spec asks for still holds.
 */
class SlowOpenfireTest {
    private static final String LEAVING = "leaving.example.org";
    private static final String TARGET = "target.example.org";
    private static final String SENDER = "sender.example.org";
    private static final String BYSTANDER = "bystander.example.org";
    private static final String BOB = "bob@example.org";
    private static final long SLOW_MILLIS = 2000;
    /** Far below the stall a blocking call would cause, far above a busy machine's hiccups. */
    private static final long TOLERATED_MILLIS = 600;

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    @AfterEach
    void stop() {
        openfire.slowUnregister(0).slowDirectory(0);
    }

    /** Round trips of the bystander's stanzas to a user while {@code busy} is true; the worst one, in ms. */
    private long worstLatencyWhile(RawComponent bystander, java.util.function.BooleanSupplier busy) throws Exception {
        List<Long> latencies = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (busy.getAsBoolean() && System.currentTimeMillis() < deadline) {
            long start = System.nanoTime();
            bystander.send("<message from='" + BYSTANDER + "' to='" + BOB + "'><body>still here</body></message>");
            assertNotNull(openfire.next(BOB), "the bystander's stanza was routed");
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            // The bystander's pace: a round trip every 20 ms for as long as Openfire is busy.
            Thread.sleep(20);
        }
        assertTrue(latencies.size() >= 5, "measured while Openfire was busy: " + latencies.size());
        return Collections.max(latencies);
    }

    @Test
    void aSlowRemovalNeitherStallsOthersNorBreaksTheCloseOrder() throws Exception {
        openfire.slowUnregister(SLOW_MILLIS);
        fixture = listeners.startOnOneEventLoop(Map.of());
        try (RawComponent bystander = RawComponent.connect(fixture.port(), BYSTANDER, SECRET);
             RawComponent leaving = RawComponent.connect(fixture.port(), LEAVING, SECRET)) {
            long start = System.nanoTime();
            leaving.send("</stream:stream>");
            long worst = worstLatencyWhile(bystander, () -> openfire.hasRoute(LEAVING));
            leaving.awaitText("</stream:stream>");
            long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(openfire.hasRoute(LEAVING), "the route was gone before </stream:stream> was answered");
            assertTrue(answeredMillis >= SLOW_MILLIS - 100, "answered after the removal: " + answeredMillis + " ms");
            assertTrue(worst < TOLERATED_MILLIS, "worst latency of the bystander during the removal: " + worst + " ms");
        }
    }

    @Test
    void aNewcomerForADomainBeingRemovedWaitsForTheRemovalInsteadOfConflict() throws Exception {
        openfire.slowUnregister(SLOW_MILLIS);
        fixture = listeners.start();
        RawComponent first = RawComponent.connect(fixture.port(), LEAVING, SECRET);
        first.close();
        // The newcomer comes once the server has seen the first one go, while Openfire is still removing it.
        fixture.awaitConnections(0);
        try (RawComponent newcomer = RawComponent.connect(fixture.port(), LEAVING, SECRET)) {
            assertTrue(openfire.hasRoute(LEAVING));
            assertEquals(List.of("register leaving", "unregister leaving", "register leaving"), openfire.calls());
        }
    }

    @Test
    void aSlowDirectoryDoesNotStallOthersAndKeepsTheOrder() throws Exception {
        openfire.groupMember("staff", SENDER).slowDirectory(SLOW_MILLIS);
        fixture = listeners.startOnOneEventLoop(Map.of("access", "group:staff"));
        try (RawComponent bystander = RawComponent.connect(fixture.port(), BYSTANDER, SECRET);
             RawComponent target = RawComponent.connect(fixture.port(), TARGET, SECRET);
             RawComponent sender = RawComponent.connect(fixture.port(), SENDER, SECRET)) {
            int count = 2;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                // A component writing to another: the access check used to run on this shared event loop.
                sender.send("<message from='" + SENDER + "' to='" + TARGET + "'><body>" + i + "</body></message>");
            }
            long lookups = TimeUnit.MILLISECONDS.toNanos(count * SLOW_MILLIS);
            long worst = worstLatencyWhile(bystander, () -> System.nanoTime() - start < lookups);
            for (int i = 0; i < count; i++) {
                assertEquals(String.valueOf(i), target.awaitElement("message").elementText("body"), "in order");
            }
            assertTrue(worst < TOLERATED_MILLIS, "worst latency of the bystander during the lookups: " + worst + " ms");
            openfire.send(InMemoryOpenfire.message("alice@example.org/phone", TARGET, "not staff"));
            Packet refused = openfire.next("alice@example.org");
            assertEquals(PacketError.Condition.not_allowed, InMemoryOpenfire.condition(refused));
        }
    }
}
