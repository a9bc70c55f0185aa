package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.StanzaLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Churn without loss (issue 8 section 5): components on {@code disconnect}, on {@code kick_old} and with a
 * {@code reconnect_grace} keep dropping (a reset in the middle of a stanza), being replaced, closing and coming
 * back, while users keep sending to them. Every message ends up in exactly one place: read once by a component,
 * bounced to its sender, or answered by the server for want of a route; or else it was taken by a socket that was
 * reset before its component read it, which TCP cannot tell, and the counts say exactly how many those can be.
 */
class ChurnTest {
    private static final long CHURN_MILLIS = 3000;
    private static final int SENDERS = 4;
    private static final String STREAMS = "http://etherx.jabber.org/streams";
    private static final Set<String> BOUNCE_ERRORS = Set.of("wait/resource-constraint", "cancel/service-unavailable");

    /** Every stanza the server writes to a component is a message of the ledger. */
    private final InMemoryOpenfire openfire = new InMemoryOpenfire().withoutDiscoProbes();
    private final StanzaLedger ledger = new StanzaLedger(openfire);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Per domain, when each reset connection was replaced by a working one (nano time). */
    private final Map<String, List<Long>> returns = new ConcurrentHashMap<>();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger replacements = new AtomicInteger();
    private final AtomicInteger cleanCloses = new AtomicInteger();
    private volatile boolean sending = true;
    private volatile boolean churning = true;

    @AfterEach
    void stop() {
        sending = false;
        churning = false;
        threads.shutdownNow();
    }

    @Test
    void everyStanzaIsDeliveredOnceBouncedOrProvablyLostInAResetSocket() throws Exception {
        long written;
        // Closed in reverse order: the listener that owns the registry last.
        try (ListenerFixture disconnect = ListenerFixture.start(openfire, Map.of());
             ListenerFixture kickOld = disconnect.beside(openfire, Map.of("conflict_behaviour", "kick_old"));
             ListenerFixture grace = disconnect.beside(openfire, Map.of("reconnect_grace", "1000",
                 "max_fsm_queue", "200"))) {
            churn(Map.of("d1.example.org", disconnect, "d2.example.org", disconnect, "k1.example.org", kickOld,
                "k2.example.org", kickOld, "g1.example.org", grace, "g2.example.org", grace), kickOld);
            written = disconnect.counters().get(ListenerCounters.Counter.STANZAS_OUT);
        }
        StanzaLedger.Tally tally = ledger.tally();

        String summary = tally + "; written " + written + ", resets " + resets
            + ", replacements " + replacements + ", clean closes " + cleanCloses;
        assertEquals(Set.of(), tally.duplicated, summary);
        assertEquals(Set.of(), tally.inTwoPlaces(), summary);
        assertTrue(BOUNCE_ERRORS.containsAll(tally.bouncesByError().keySet()), summary);
        // A message neither read, nor bounced, nor without a route was written by the server, into a socket that
        // was reset before its component read it: no other message is missing.
        Set<String> lost = tally.lost();
        assertEquals(written - tally.delivered.size(), lost.size(), summary);
        for (String id : lost) {
            StanzaLedger.Sent sent = ledger.sent(id);
            assertTrue(returns.getOrDefault(sent.domain, List.of()).stream().anyMatch(back -> sent.nanoTime < back),
                id + " to " + sent.domain + " was lost although no reset of it followed: " + summary);
        }
        assertTrue(openfire.inbox("sink@example.org").isEmpty(), "half a stanza is never routed: " + summary);
    }

    /** Components churn and users send for a while; then the users stop, and the components finish. */
    private void churn(Map<String, ListenerFixture> components, ListenerFixture kickOld) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        int seed = 0;
        for (Map.Entry<String, ListenerFixture> component : components.entrySet()) {
            Random random = new Random(seed++);
            boolean replaces = component.getValue() == kickOld;
            running.add(threads.submit(() -> component(component.getKey(), component.getValue().port(), replaces,
                random)));
        }
        List<String> domains = new ArrayList<>(components.keySet());
        List<Future<?>> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            String user = "u" + i + "@example.org/client";
            Random random = new Random(100 + i);
            senders.add(threads.submit(() -> send(user, domains, random)));
        }
        // The churn runs for this long: the time is the test's load, not a wait for a result.
        Thread.sleep(CHURN_MILLIS);
        sending = false;
        for (Future<?> sender : senders) {
            sender.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        churning = false;
        for (Future<?> component : running) {
            component.get(30, TimeUnit.SECONDS);
        }
    }

    /** A user sending to the components, a little at a time, until told to stop. */
    private void send(String user, List<String> domains, Random random) {
        while (sending) {
            ledger.send(user, domains.get(random.nextInt(domains.size())));
            LockSupport.parkNanos(300_000);
        }
    }

    /**
     * A component that reads everything it gets and, after a while, crashes in the middle of a stanza (and comes
     * back after a while), or (on kick_old) is replaced by a new connection while still reading, or closes its
     * stream; it does each at least once. At the end it reads up to a last message of its own and closes cleanly.
     */
    private Void component(String domain, int port, boolean replaces, Random random) throws Exception {
        RawComponent connection = RawComponent.connectUntilAccepted(port, domain, SECRET);
        for (int round = 0; churning || round < 4; round++) {
            readFor(connection, 20 + random.nextInt(150));
            if (connection.isClosed()) {
                note(connection.elementsReceived());
                connection = RawComponent.connectUntilAccepted(port, domain, SECRET);
            } else if (replaces && round % 4 == 1) {
                RawComponent old = connection;
                CompletableFuture<List<Element>> rest = CompletableFuture.supplyAsync(() -> {
                    try {
                        return old.elementsUntilClosed();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads);
                connection = RawComponent.connect(port, domain, SECRET);
                note(rest.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                old.close();
                replacements.incrementAndGet();
            } else if (round % 4 != 3) {
                note(connection.elementsReceived());
                connection.reset("<message from='" + domain + "' to='sink@example.org'><body>cut");
                resets.incrementAndGet();
                // A crashed component comes back after a random pause, so that returns meet every stage of the drop.
                Thread.sleep(random.nextInt(250));
                connection = RawComponent.connectUntilAccepted(port, domain, SECRET);
                returns.computeIfAbsent(domain, any -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            } else {
                connection.send("</stream:stream>");
                note(connection.elementsUntilClosed());
                connection.close();
                cleanCloses.incrementAndGet();
                connection = RawComponent.connectUntilAccepted(port, domain, SECRET);
            }
        }
        // Senders have stopped: everything for the domain, held stanzas included, comes before a last message.
        while (!readUntil(connection, ledger.send("last@example.org/test", domain))) {
            note(connection.elementsUntilClosed());
            connection.close();
            connection = RawComponent.connectUntilAccepted(port, domain, SECRET);
        }
        connection.send("</stream:stream>");
        note(connection.elementsUntilClosed());
        connection.close();
        return null;
    }

    /** Reads up to the message with this id; false when the server ended the stream first. */
    private boolean readUntil(RawComponent connection, String id) throws Exception {
        while (true) {
            Element element = connection.nextElement();
            ledger.read(element);
            if (id.equals(element.attributeValue("id"))) {
                return true;
            }
            if ("error".equals(element.getName()) && element.getNamespaceURI().equals(STREAMS)) {
                return false;
            }
        }
    }

    private void readFor(RawComponent connection, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!connection.isClosed() && System.currentTimeMillis() < deadline) {
            connection.pollElement(deadline - System.currentTimeMillis()).ifPresent(ledger::read);
        }
    }

    private void note(List<Element> elements) {
        elements.forEach(ledger::read);
    }
}
