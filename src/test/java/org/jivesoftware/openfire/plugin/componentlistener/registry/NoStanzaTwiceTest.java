package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.StanzaLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three places where one stanza could be written twice: a write that failed (bounced; could it also have
 * been read?), a domain's hold (handed to the returning component, or bounced when the grace ends: could it be
 * both?), and a kick_old swap (the old session's queue goes to the new one: could the old one still write it?).
 * Each message carries an id of its own; every one must end up in exactly one place.
 */
class NoStanzaTwiceTest {
    private static final String DOMAIN = "gw.example.org";
    private static final String ALICE = "alice@example.org/phone";
    /** Half a stanza, as a component that crashes while writing leaves it. */
    private static final String CUT = "<message from='" + DOMAIN + "' to='sink@example.org'><body>cut";
    private static final String WAIT = "wait/resource-constraint";
    private static final String CANCEL = "cancel/service-unavailable";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    private final StanzaLedger ledger = new StanzaLedger(openfire);
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;


    /** Reads until the message with this id, noting everything read; the numbers of the ledger's messages. */
    private List<Long> readUntil(RawComponent component, String lastId) throws Exception {
        List<Long> numbers = new ArrayList<>();
        long last = StanzaLedger.number(lastId);
        while (numbers.isEmpty() || numbers.get(numbers.size() - 1) != last) {
            ledger.read(component.nextElement()).ifPresent(numbers::add);
        }
        return numbers;
    }

    /** Notes every element; returns how many stanzas (of any kind) they were. */
    private int note(List<Element> elements, List<Long> numbers) {
        int stanzas = 0;
        for (Element element : elements) {
            ledger.read(element).ifPresent(numbers::add);
            if (List.of("message", "presence", "iq").contains(element.getName())) {
                stanzas++;
            }
        }
        return stanzas;
    }

    /**
     * Floods the domain until its connection is stalled: stanzas wait in the plugin's queue, dozens more in the
     * channel's buffer, and the socket has taken nothing for a while (a slow event loop alone does not look so).
     */
    private void floodUntilStalled() throws InterruptedException {
        long deadline = Await.deadlineNanos();
        long lastWritten = -1;
        int stalledChecks = 0;
        while (stalledChecks < 3) {
            assertFalse(Await.passed(deadline), "the connection never stalled");
            for (int i = 0; i < 200; i++) {
                ledger.send(ALICE, DOMAIN, 1000);
            }
            // Stalled means that nothing was written over this interval, three times in a row.
            Thread.sleep(100);
            SessionSnapshot session = fixture.listener().sessions().get(0);
            // Each message, and Openfire's disco#info probe, is queued, in the channel's buffer or taken by the socket.
            long inChannel = ledger.sentCount() + 1 - session.getQueueDepth() - session.getStanzasOut();
            stalledChecks = session.getStanzasOut() == lastWritten && inChannel >= 32 ? stalledChecks + 1 : 0;
            lastWritten = session.getStanzasOut();
        }
    }

    private long written() {
        return fixture.counters().get(ListenerCounters.Counter.STANZAS_OUT);
    }

    private static void assertBefore(Set<Long> earlier, Set<Long> later, String what) {
        if (!earlier.isEmpty() && !later.isEmpty()) {
            assertTrue(new TreeSet<>(earlier).last() < new TreeSet<>(later).first(), what);
        }
    }

    @Test
    void aStanzaWhoseWriteFailedIsBouncedAndNeitherReadNorHeld() throws Exception {
        // With a grace and no queue limit the queue is held, never bounced: every bounce is a failed write.
        fixture = listeners.start(Map.of("reconnect_grace", "5000"));
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        int stanzasRead;
        RawComponent crashing = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), DOMAIN, SECRET);
        String id = null;
        for (int i = 0; i < 20; i++) {
            id = ledger.send(ALICE, DOMAIN);
        }
        first.addAll(readUntil(crashing, id));
        stanzasRead = first.size() + 1;
        floodUntilStalled();
        crashing.reset(CUT);
        fixture.awaitConnections(0);
        for (int i = 0; i < 50; i++) {
            id = ledger.send(ALICE, DOMAIN);
        }
        try (RawComponent back = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            second.addAll(readUntil(back, id));
            stanzasRead += second.size();
            back.send("</stream:stream>");
            back.awaitClosed();
        }
        long written = written();
        fixture.close();
        StanzaLedger.Tally tally = ledger.tally();

        assertEquals(Set.of(), tally.duplicated, tally.toString());
        assertEquals(Set.of(), tally.inTwoPlaces(), tally.toString());
        assertEquals(Set.of(), tally.unroutable, tally.toString());
        assertTrue(tally.bounced.size() > 0, "writes failed: " + tally);
        assertEquals(Map.of(WAIT, tally.bounced.size()), tally.bouncesByError());
        // What is neither read nor bounced was taken by the socket that was reset, after the last read.
        Set<String> lost = tally.lost();
        assertEquals(written - stanzasRead, lost.size(), "written " + written + ", read " + stanzasRead);
        Set<Long> bounced = StanzaLedger.Tally.numbers(tally.bounced.keySet());
        assertBefore(new TreeSet<>(first), StanzaLedger.Tally.numbers(lost), "lost after what was read");
        assertBefore(StanzaLedger.Tally.numbers(lost), bounced, "failed writes after what the socket took");
        assertBefore(bounced, new TreeSet<>(second), "the hold starts after the failed writes");
        assertTrue(openfire.inbox("sink@example.org").isEmpty(), "half a stanza is never routed");
    }

    @Test
    void aKickedComponentThatStoppedReadingHandsItsQueueToTheNewOneAndBouncesOnlyItsFailedWrites() throws Exception {
        fixture = listeners.start(Map.of("conflict_behaviour", "kick_old"));
        List<Long> old = new ArrayList<>();
        List<Long> replacement = new ArrayList<>();
        int stanzasRead;
        try (RawComponent stalled = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), DOMAIN,
            SECRET)) {
            floodUntilStalled();
            try (RawComponent newcomer = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
                String last = null;
                for (int i = 0; i < 50; i++) {
                    last = ledger.send(ALICE, DOMAIN);
                }
                // The old connection is closed once its last words have had their time, taking no more writes.
                fixture.awaitConnections(1);
                stanzasRead = note(stalled.elementsUntilClosed(), old);
                replacement.addAll(readUntil(newcomer, last));
                stanzasRead += replacement.size();
            }
        }
        long written = written();
        fixture.close();
        StanzaLedger.Tally tally = ledger.tally();

        // The old component read everything its socket took: nothing is lost, and the counter says so.
        assertEquals(Set.of(), tally.lost(), tally.toString());
        assertEquals(written, stanzasRead, "stanzas out counts what the sockets took, not the failed writes");
        assertEquals(Set.of(), tally.duplicated, tally.toString());
        assertEquals(Set.of(), tally.inTwoPlaces(), tally.toString());
        assertTrue(tally.bounced.size() > 0, "writes failed: " + tally);
        assertEquals(Map.of(WAIT, tally.bounced.size()), tally.bouncesByError());
        Set<Long> bounced = StanzaLedger.Tally.numbers(tally.bounced.keySet());
        assertBefore(new TreeSet<>(old), bounced, "failed writes after what the old socket took");
        assertBefore(bounced, new TreeSet<>(replacement), "the old queue went to the new session");
        for (int i = 1; i < replacement.size(); i++) {
            assertTrue(replacement.get(i - 1) < replacement.get(i), "in order at " + i);
        }
    }

    @Test
    void aHoldGoesWholeEitherToTheReturningComponentOrBackToItsSenders() throws Exception {
        int grace = 300;
        fixture = listeners.start(Map.of("reconnect_grace", String.valueOf(grace)));
        // Well inside the window, well after it, and around its end, where the return races the expiry.
        int[] returnAfter = {50, 2 * grace, grace - 30, grace - 15, grace, grace + 15, grace + 30};
        List<Set<String>> held = new ArrayList<>();
        RawComponent component = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
        for (int delay : returnAfter) {
            component.reset(CUT);
            fixture.awaitConnections(0);
            Set<String> round = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                round.add(ledger.send(ALICE, DOMAIN));
            }
            held.add(round);
            Thread.sleep(delay);
            component = RawComponent.connectUntilAccepted(fixture.port(), DOMAIN, SECRET);
            readUntil(component, ledger.send(ALICE, DOMAIN));
        }
        component.send("</stream:stream>");
        component.awaitClosed();
        component.close();
        fixture.close();
        StanzaLedger.Tally tally = ledger.tally();

        assertEquals(Set.of(), tally.lost(), tally.toString());
        assertEquals(Set.of(), tally.duplicated, tally.toString());
        assertEquals(Set.of(), tally.inTwoPlaces(), tally.toString());
        int replayed = 0;
        int expired = 0;
        for (Set<String> round : held) {
            if (tally.delivered.containsAll(round)) {
                replayed++;
            } else {
                assertTrue(round.stream().allMatch(id -> CANCEL.equals(tally.bounced.get(id))),
                    "a hold is replayed or bounced whole: " + tally);
                expired++;
            }
        }
        assertTrue(replayed > 0 && expired > 0, replayed + " replayed, " + expired + " expired");
    }
}
