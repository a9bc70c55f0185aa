package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** The per-listener traffic options of SPEC section 2 over loopback TCP, and their live changes. */
class TrafficOptionsTest {
    private static final String COMPONENT = "comp.example.org";
    private static final long WAIT = 5000;
    /**
     * An admin of another server: only a directory lookup admits the markers sent from here, so they queue behind
     * the access check of the stanza before them whichever way it went.
     */
    private static final String BOSS = "boss@admins.net";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire()
        .admin(BOSS).groupMember("staff", "carol@example.org");
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;


    private static Message message(String from, String body) {
        return InMemoryOpenfire.message(from, COMPONENT, body);
    }

    /** Sends from the sender and says whether the component got it; a refused sender must get not-allowed. */
    private boolean reaches(RawComponent component, String sender) throws Exception {
        String bare = new JID(sender).toBareJID();
        openfire.inbox(bare).clear();
        openfire.send(message(sender, "from " + sender));
        // A marker from an always-allowed sender shows that everything before it was handled.
        openfire.send(message(BOSS + "/marker", "marker"));
        Element first = component.awaitElement("message");
        if (first.elementText("body").equals("from " + sender)) {
            component.awaitElement("message");
            return true;
        }
        Packet bounce = openfire.inbox(bare).poll();
        assertNotNull(bounce, "a refused sender is told");
        assertEquals(PacketError.Condition.not_allowed, InMemoryOpenfire.condition(bounce));
        assertEquals(PacketError.Type.cancel, bounce.getError().getType());
        assertEquals(new JID(COMPONENT), bounce.getFrom());
        return false;
    }

    @Test
    void accessChecksTheSenderOfEveryStanzaForEachRuleKind() throws Exception {
        fixture = listeners.start(
            Map.of("access", "admins, local, group:staff, dave@elsewhere.net, partner.net"));
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            assertTrue(reaches(component, "alice@example.org/phone"), "local");
            assertTrue(reaches(component, "carol@example.org/r"), "group member");
            assertTrue(reaches(component, "dave@elsewhere.net/r"), "bare JID");
            assertTrue(reaches(component, "x@partner.net/r"), "domain");
            assertTrue(!reaches(component, "eve@elsewhere.net/r"), "nobody else");
        }
    }

    @Test
    void accessByAdminsOnly() throws Exception {
        fixture = listeners.start(Map.of("access", "admins"));
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            assertTrue(!reaches(component, "alice@example.org/phone"));
            assertTrue(!reaches(component, "carol@example.org/r"));
        }
    }

    @Test
    void refusedErrorsAreNotAnsweredWithErrors() throws Exception {
        fixture = listeners.start(Map.of("access", "local"));
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            Message error = message("eve@elsewhere.net/r", "error");
            error.setType(Message.Type.error);
            openfire.send(error);
            openfire.send(message("alice@example.org/marker", "marker"));
            assertEquals("marker", component.awaitElement("message").elementText("body"));
            assertNull(openfire.inbox("eve@elsewhere.net").poll(), "no error answers an error");
        }
    }

    @Test
    void overflowingTheQueueEndsTheStreamAndBouncesEverythingWaiting() throws Exception {
        int limit = 50;
        fixture = listeners.start(Map.of("max_fsm_queue", String.valueOf(limit)));
        int sent = 5000;
        String body = "y".repeat(2000);
        int delivered;
        try (RawComponent component = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), COMPONENT,
            SECRET)) {
            for (int i = 0; i < sent; i++) {
                openfire.send(message("alice@example.org/phone", body));
            }
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertTrue(error.elementText("text").contains("max_fsm_queue"), error.asXML());
            assertTrue(error.elementText("text").contains(String.valueOf(limit)), error.asXML());
            // Only whole stanzas count: one cut by the close failed its write and is bounced.
            delivered = component.received().split("</message>", -1).length - 1;
        }
        // The server bounces what it held after the close: every stanza not delivered comes back or is unroutable.
        int undelivered = sent - delivered;
        Await.until(undelivered + " stanzas bounced or unroutable",
            () -> openfire.inbox("alice@example.org").size() + openfire.unroutable().size() >= undelivered,
            () -> openfire.inbox("alice@example.org").size() + " bounced, " + openfire.unroutable().size()
                + " unroutable");
        // Bounced by the overflow: wait/resource-constraint. A stanza that met the route just as it was being
        // removed: cancel/service-unavailable, as for any unknown service. Nothing else.
        int resourceConstraint = 0;
        int serviceUnavailable = 0;
        for (Packet bounce; (bounce = openfire.inbox("alice@example.org").poll()) != null; ) {
            PacketError error = bounce.getError();
            if (error.getCondition() == PacketError.Condition.resource_constraint
                && error.getType() == PacketError.Type.wait) {
                resourceConstraint++;
            } else {
                assertEquals(PacketError.Condition.service_unavailable, error.getCondition(), bounce.toXML());
                assertEquals(PacketError.Type.cancel, error.getType(), bounce.toXML());
                serviceUnavailable++;
            }
        }
        int unroutable = openfire.unroutable().size();
        assertTrue(resourceConstraint > 0);
        assertEquals(sent, delivered + resourceConstraint + serviceUnavailable + unroutable, "delivered " + delivered
            + ", bounced " + resourceConstraint + "+" + serviceUnavailable + ", unroutable " + unroutable);
    }

    @Test
    void hugeStanzaStreamedSlowlyIsRefusedWhenItCrossesTheLimit() throws Exception {
        fixture = listeners.start();
        try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
            component.send("<message from='" + COMPONENT + "' to='alice@example.org'><body>");
            byte[] chunk = "h".repeat(32 * 1024).getBytes(StandardCharsets.UTF_8);
            try {
                for (int sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length) {
                    component.send(chunk);
                    // Slowly, as the test's name says: the server sees the stanza grow over many reads.
                    Thread.sleep(2);
                }
            } catch (IOException closedByServer) {
                // The server may close before the whole 2 MB is written.
            }
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertTrue(error.elementText("text").contains("1048576"), error.asXML());
        }
        assertNull(openfire.inbox("alice@example.org").poll(), "the oversized stanza was never routed");
    }

    @Test
    void shaperHoldsEachConnectionToItsRate() throws Exception {
        long rate = 25_000;
        openfire.defaultSecret(SECRET);
        Map<String, String> options = new HashMap<>();
        options.put("shaper", "test");
        fixture = listeners.start(options, Map.of("plugin.componentlistener.shapers", "test=" + rate));
        try (RawComponent first = RawComponent.connect(fixture.port(), "one.example.org", SECRET);
             RawComponent second = RawComponent.connect(fixture.port(), "two.example.org", SECRET)) {
            double[] rates = measureTogether(first, "one.example.org", second, "two.example.org", 5 * rate, rate);
            for (double measured : rates) {
                assertTrue(Math.abs(measured - rate) <= 0.25 * rate,
                    "measured " + Math.round(measured) + " B/s against " + rate + " B/s");
            }
        }
    }

    /** Both components send the given number of bytes at once; returns the rate at which each arrived. */
    private double[] measureTogether(RawComponent first, String firstDomain, RawComponent second,
                                     String secondDomain, long bytes, long burst) throws Exception {
        String body = "z".repeat(900);
        int stanzas = (int) (bytes / 1000);
        StringBuilder one = new StringBuilder();
        StringBuilder two = new StringBuilder();
        for (int i = 0; i < stanzas; i++) {
            one.append("<message from='").append(firstDomain).append("' to='a@example.org'><body>").append(body)
                .append("</body></message>");
            two.append("<message from='").append(secondDomain).append("' to='b@example.org'><body>").append(body)
                .append("</body></message>");
        }
        Thread sender = new Thread(() -> {
            try {
                second.send(two.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Double> secondRate =
            CompletableFuture.supplyAsync(() -> arrivalRate("b@example.org", stanzas, two.length(), burst));
        sender.start();
        first.send(one.toString());
        double firstRate = arrivalRate("a@example.org", stanzas, one.length(), burst);
        sender.join();
        return new double[] {firstRate, secondRate.get()};
    }

    /**
     * The rate at which the user's stanzas arrived: bytes beyond the allowed one-second burst, over the time the
     * last one took to arrive.
     */
    private double arrivalRate(String user, int stanzas, long totalBytes, long burstBytes) {
        long start = System.nanoTime();
        for (int i = 0; i < stanzas; i++) {
            try {
                assertNotNull(openfire.next(user), "stanza " + i + " arrives");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (totalBytes - burstBytes) / seconds;
    }
}
