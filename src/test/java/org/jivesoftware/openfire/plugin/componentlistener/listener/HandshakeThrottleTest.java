package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;

/** Failed handshakes slow down one address guessing one domain's secret, and nobody else. */
class HandshakeThrottleTest {
    private static final InetAddress GATEWAY_HOST = address(10, 0, 0, 7);
    private static final InetAddress OTHER_HOST = address(10, 0, 0, 8);
    private static final String OLD_GATEWAY = "old.example.org";
    private static final String NEIGHBOUR = "neighbour.example.org";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HandshakeThrottle throttle = new HandshakeThrottle(now::get);

    private static InetAddress address(int... bytes) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) bytes[0], (byte) bytes[1], (byte) bytes[2],
                (byte) bytes[3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fail(InetAddress from, String domain, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(from, domain, 5, 60_000);
        }
    }

    @Test
    void thePairIsRefusedAfterTooManyFailuresInARowAndOnlyThatPair() {
        fail(GATEWAY_HOST, OLD_GATEWAY, 4);
        assertFalse(throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).isPresent(), "four are allowed");
        fail(GATEWAY_HOST, OLD_GATEWAY, 1);
        assertEquals(60_000, throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).getAsLong());
        assertFalse(throttle.lockedFor(GATEWAY_HOST, NEIGHBOUR).isPresent(), "a neighbour on the same host");
        assertFalse(throttle.lockedFor(OTHER_HOST, OLD_GATEWAY).isPresent(), "the same domain from elsewhere");
    }

    @Test
    void theLockoutEndsAndASuccessForgetsEarlierFailures() {
        fail(GATEWAY_HOST, OLD_GATEWAY, 5);
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertEquals(1000, throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).getAsLong());
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertFalse(throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).isPresent());
        fail(GATEWAY_HOST, OLD_GATEWAY, 4);
        throttle.succeeded(GATEWAY_HOST, OLD_GATEWAY);
        fail(GATEWAY_HOST, OLD_GATEWAY, 4);
        assertFalse(throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).isPresent(), "the count started again");
    }

    @Test
    void zeroAllowsAnyNumberOfFailures() {
        for (int i = 0; i < 100; i++) {
            throttle.failed(GATEWAY_HOST, OLD_GATEWAY, 0, 60_000);
        }
        assertFalse(throttle.lockedFor(GATEWAY_HOST, OLD_GATEWAY).isPresent());
    }

    @Test
    void everNewDomainsDoNotGrowTheTableBeyondItsBound() {
        for (int i = 0; i < HandshakeThrottle.MAX_TRACKED + 5000; i++) {
            throttle.failed(GATEWAY_HOST, "guess" + i + ".example.org", 5, 60_000);
        }
        assertEquals(HandshakeThrottle.MAX_TRACKED, throttle.tracked());
    }

    @Test
    void overTcpAGatewayWithAnOldSecretIsRefusedWhileItsNeighbourConnects() throws Exception {
        InMemoryOpenfire openfire = new InMemoryOpenfire();
        try (ListenerFixture fixture = ListenerFixture.start(openfire,
            Map.of("handshake_failures", "3", "handshake_lockout", "2000"))) {
            for (int i = 0; i < 3; i++) {
                try (RawComponent old = new RawComponent(fixture.port())) {
                    old.send(RawComponent.header(OLD_GATEWAY));
                    String id = old.awaitStreamId();
                    old.send("<handshake>" + RawComponent.handshakeDigest(id, "old-secret") + "</handshake>");
                    assertEquals("not-authorized", RawComponent.condition(old.awaitStreamErrorAndClose()));
                }
            }
            try (RawComponent locked = new RawComponent(fixture.port())) {
                locked.send(RawComponent.header(OLD_GATEWAY));
                Element error = locked.awaitStreamErrorAndClose();
                assertEquals("policy-violation", RawComponent.condition(error));
                assertTrue(error.elementText("text").startsWith("Too many failed handshakes for " + OLD_GATEWAY
                    + " from 127.0.0.1; retry in "), error.asXML());
            }
            try (RawComponent neighbour = RawComponent.connect(fixture.port(), NEIGHBOUR, SECRET)) {
                assertTrue(openfire.hasRoute(NEIGHBOUR), "the neighbour on the same address is not affected");
            }
            // Only time ends a lockout: the test lets its 2 s pass.
            Thread.sleep(2100);
            try (RawComponent fixed = RawComponent.connect(fixture.port(), OLD_GATEWAY, SECRET)) {
                assertTrue(openfire.hasRoute(OLD_GATEWAY), "after the lockout the right secret is accepted");
            }
        }
    }
}
