package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.StanzaLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;

/** Fleets (SPEC section 9): several connections of one domain, who may join, and where stanzas go. */
class FleetTest {
    private static final String DOMAIN = "gw.example.org";
    private static final String ALICE = "alice@example.org";
    private static final long QUIET_MILLIS = 300;
    private static final int FLOOD = 15_000;
    /** Keys of the affinity test: enough for every member of a fleet of three to have some. */
    private static final int KEYS = 48;
    private static final int USERS = 30;
    private static final int BODY_BYTES = 2000;
    /** A component that reads slowly: what is sent to it queues up in the server. */
    private static final int SMALL_BUFFER = 4096;

    private final InMemoryOpenfire openfire = new InMemoryOpenfire().withoutDiscoProbes();
    private final List<RawComponent> components = new ArrayList<>();
    private ListenerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        for (RawComponent component : components) {
            component.close();
        }
        fixture.close();
    }

    private RawComponent open(RawComponent component) {
        components.add(component);
        return component;
    }

    private void refused(String header) throws Exception {
        RawComponent newcomer = open(new RawComponent(fixture.port()));
        newcomer.handshakeWith(header, SECRET);
        assertEquals("conflict", RawComponent.condition(newcomer.awaitStreamErrorAndClose()));
    }

    private static String plainHeader() {
        return RawComponent.header(DOMAIN);
    }

    private static String multipleHeader() {
        return RawComponent.header(DOMAIN).replace(">", " allowMultiple=''>");
    }

    private void sendFromUsers(int users, int each) {
        for (int i = 0; i < each; i++) {
            for (int user = 0; user < users; user++) {
                openfire.send(InMemoryOpenfire.message("user" + user + "@example.org/r", DOMAIN, String.valueOf(i)));
            }
        }
    }

    /** The senders (bare JIDs) of the messages a component reads within a quiet moment, with the bodies in order. */
    private static Map<String, List<Integer>> bySender(RawComponent component) throws Exception {
        Map<String, List<Integer>> bodies = new HashMap<>();
        for (Element message; (message = component.pollElement(QUIET_MILLIS).orElse(null)) != null; ) {
            String sender = message.attributeValue("from").replaceAll("/.*", "");
            bodies.computeIfAbsent(sender, any -> new ArrayList<>()).add(Integer.parseInt(message.elementText("body")));
        }
        return bodies;
    }

    @Test
    void connectionsThatAllAskAllowMultipleShareTheDomainOnADisconnectListener() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of());
        RawComponent first = open(RawComponent.connectAllowingMultiple(fixture.port(), DOMAIN, SECRET));
        RawComponent second = open(RawComponent.connectAllowingMultiple(fixture.port(), DOMAIN, SECRET));
        refused(plainHeader());
        assertEquals(1, openfire.calls().stream().filter("register gw"::equals).count(), "one route for the fleet");

        sendFromUsers(40, 5);
        Map<String, List<Integer>> atFirst = bySender(first);
        Map<String, List<Integer>> atSecond = bySender(second);
        assertFalse(atFirst.isEmpty() || atSecond.isEmpty(), "both connections get stanzas");
        assertEquals(40, atFirst.size() + atSecond.size(), "each user's stanzas on one connection (bare_source)");
        atFirst.values().forEach(bodies -> assertEquals(List.of(0, 1, 2, 3, 4), bodies, "in order"));
        atSecond.values().forEach(bodies -> assertEquals(List.of(0, 1, 2, 3, 4), bodies, "in order"));
    }

    @Test
    void aHolderWithoutAllowMultipleKeepsTheDomainToItself() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of());
        open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        refused(multipleHeader());
    }

    @Test
    void shareJoinsWithoutTheAttributeAndRoundRobinTakesTurns() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share", "balancing", "round_robin"));
        RawComponent first = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        RawComponent second = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        sendFromUsers(1, 10);
        assertEquals(List.of(0, 2, 4, 6, 8), bySender(second).get("user0@example.org"));
        assertEquals(List.of(1, 3, 5, 7, 9), bySender(first).get("user0@example.org"));
    }

    @Test
    void aFleetSpansListenersOnlyIfAllShare() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share"));
        try (ListenerFixture disconnecting = fixture.beside(openfire, Map.of())) {
            open(RawComponent.connect(disconnecting.port(), DOMAIN, SECRET));
            refused(plainHeader());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare_source", "source", "bare_destination", "destination"})
    void aJoinOrALeaveMovesOnlyTheKeysOfThatConnection(String balancing) throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share", "balancing", balancing));
        Map<String, RawComponent> fleet = new LinkedHashMap<>();
        fleet.put("a", open(RawComponent.connect(fixture.port(), DOMAIN, SECRET)));
        fleet.put("b", open(RawComponent.connect(fixture.port(), DOMAIN, SECRET)));
        boolean bySource = balancing.endsWith("source");
        Map<Integer, String> two = placement(fleet, bySource);
        assertEquals(Set.of("a", "b"), new HashSet<>(two.values()), "both have keys");

        fleet.put("c", open(RawComponent.connect(fixture.port(), DOMAIN, SECRET)));
        Map<Integer, String> three = placement(fleet, bySource);
        for (int key = 0; key < KEYS; key++) {
            if (!three.get(key).equals(two.get(key))) {
                assertEquals("c", three.get(key), "key " + key + " moved, but not to the newcomer");
            }
        }
        assertTrue(three.containsValue("c"), "the newcomer has keys");

        RawComponent leaver = fleet.remove("b");
        leaver.send("</stream:stream>");
        leaver.awaitClosed();
        fixture.awaitConnections(2);
        Map<Integer, String> left = placement(fleet, bySource);
        for (int key = 0; key < KEYS; key++) {
            if (!three.get(key).equals("b")) {
                assertEquals(three.get(key), left.get(key), "key " + key + " of a connection that stayed moved");
            }
        }
    }

    /** Sends one message per key and returns which connection got each; the key is in the part the mode hashes. */
    private Map<Integer, String> placement(Map<String, RawComponent> fleet, boolean bySource) throws Exception {
        for (int key = 0; key < KEYS; key++) {
            String resource = "/r" + key % 2;
            openfire.send(bySource
                ? InMemoryOpenfire.message("user" + key / 2 + "@example.org" + resource, DOMAIN, String.valueOf(key))
                : InMemoryOpenfire.message(ALICE + "/phone", "contact" + key / 2 + "@" + DOMAIN + resource,
                String.valueOf(key)));
        }
        Map<Integer, String> placed = new HashMap<>();
        for (Map.Entry<String, RawComponent> member : fleet.entrySet()) {
            for (Element message; (message = member.getValue().pollElement(QUIET_MILLIS).orElse(null)) != null; ) {
                placed.put(Integer.parseInt(message.elementText("body")), member.getKey());
            }
        }
        assertEquals(KEYS, placed.size(), "every key delivered once: " + placed);
        return placed;
    }

    @Test
    void iqRepliesGoBackToTheConnectionThatAsked() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share", "balancing", "round_robin"));
        RawComponent first = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        RawComponent second = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        int requests = 20;
        for (int i = 0; i < requests; i++) {
            for (RawComponent asker : List.of(first, second)) {
                String id = (asker == first ? "first-" : "second-") + i;
                asker.send("<iq type='get' id='" + id + "' from='" + DOMAIN + "' to='" + ALICE
                    + "/phone'><query xmlns='jabber:iq:version'/></iq>");
            }
        }
        for (int i = 0; i < 2 * requests; i++) {
            Packet request = openfire.next(ALICE, 5000);
            openfire.send(IQ.createResultIQ((IQ) request));
        }
        assertEquals(requests, idsStartingWith(first, "first-"), "every reply to the first at the first");
        assertEquals(requests, idsStartingWith(second, "second-"), "every reply to the second at the second");
    }

    private static int idsStartingWith(RawComponent component, String prefix) throws Exception {
        int count = 0;
        for (Element reply; (reply = component.pollElement(QUIET_MILLIS).orElse(null)) != null; ) {
            assertTrue(reply.attributeValue("id").startsWith(prefix), "a reply to another connection: "
                + reply.asXML());
            count++;
        }
        return count;
    }

    @Test
    void theLastToLeaveUnderReconnectGraceHasTheDomainKept() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share", "reconnect_grace", "5000"));
        RawComponent first = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        RawComponent second = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        second.send("</stream:stream>");
        second.awaitClosed();
        fixture.awaitConnections(1);
        sendFromUsers(3, 2);
        assertEquals(3, bySender(first).size(), "the one left takes every user");
        first.send("</stream:stream>");
        first.awaitClosed();
        fixture.awaitConnections(0);
        sendFromUsers(3, 2);
        RawComponent back = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        Map<String, List<Integer>> held = bySender(back);
        assertEquals(Set.of("user0@example.org", "user1@example.org", "user2@example.org"), held.keySet());
        held.values().forEach(bodies -> assertEquals(List.of(0, 1), bodies, "held, in order"));
        assertTrue(openfire.inbox("user0@example.org").isEmpty(), "nothing bounced");
        assertEquals(1, openfire.calls().stream().filter("register gw"::equals).count(), "the route stayed");
    }

    @Test
    void aKickOldNewcomerReplacesTheWholeFleet() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "kick_old"));
        RawComponent first = open(RawComponent.connectAllowingMultiple(fixture.port(), DOMAIN, SECRET));
        RawComponent second = open(RawComponent.connectAllowingMultiple(fixture.port(), DOMAIN, SECRET));
        open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        assertEquals("conflict", RawComponent.condition(first.awaitStreamErrorAndClose()));
        assertEquals("conflict", RawComponent.condition(second.awaitStreamErrorAndClose()));
        Await.until("one connection left", () -> fixture.listener().sessions().size() == 1);
    }

    @Test
    void aLeaveUnderAFloodHandsWhatWaitedToTheOthersEachOnceInOrder() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share"));
        StanzaLedger ledger = new StanzaLedger(openfire);
        RawComponent leaver = open(RawComponent.authenticate(new RawComponent(fixture.port(), SMALL_BUFFER), DOMAIN,
            SECRET));
        RawComponent stayer = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        Thread flood = new Thread(() -> {
            for (int i = 0; i < FLOOD; i++) {
                ledger.send("user" + (i % USERS) + "@example.org/r", DOMAIN, BODY_BYTES);
            }
        });
        flood.start();
        Await.until("half sent", () -> ledger.sentCount() >= FLOOD / 2);
        long sentBeforeLeave = ledger.sentCount();
        leaver.send("</stream:stream>");
        Map<String, List<Long>> atLeaver = numbersBySender(ledger, leaver.elementsUntilClosed());
        flood.join();
        Map<String, List<Long>> atStayer = readUntilQuiet(ledger, stayer);
        fixture.close();
        StanzaLedger.Tally tally = ledger.tally();
        tally.assertEachOnceInOnePlace();
        boolean handedOver = false;
        for (int user = 0; user < USERS; user++) {
            String sender = "user" + user + "@example.org";
            List<Long> inOrder = new ArrayList<>(atLeaver.getOrDefault(sender, List.of()));
            handedOver |= !inOrder.isEmpty() && atStayer.getOrDefault(sender, List.of()).stream()
                .anyMatch(number -> number <= sentBeforeLeave);
            inOrder.addAll(atStayer.getOrDefault(sender, List.of()));
            assertEquals(new ArrayList<>(new TreeSet<>(inOrder)), inOrder, "in order for " + sender);
        }
        assertTrue(handedOver, "stanzas queued for the leaver reached the stayer: " + tally);
    }

    @Test
    void aJoinUnderAFloodTakesTheQueuedStanzasOfItsKeysEachOnceInOrder() throws Exception {
        fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "share"));
        StanzaLedger ledger = new StanzaLedger(openfire);
        // It reads nothing until the newcomer has joined: what is sent to it meanwhile waits in the server.
        RawComponent first = open(RawComponent.authenticate(new RawComponent(fixture.port(), SMALL_BUFFER), DOMAIN,
            SECRET));
        Thread flood = new Thread(() -> {
            for (int i = 0; i < FLOOD; i++) {
                ledger.send("user" + (i % USERS) + "@example.org/r", DOMAIN, BODY_BYTES);
            }
        });
        flood.start();
        Await.until("half sent", () -> ledger.sentCount() >= FLOOD / 2);
        long sentBeforeJoin = ledger.sentCount();
        RawComponent joiner = open(RawComponent.connect(fixture.port(), DOMAIN, SECRET));
        flood.join();
        Map<String, List<Long>> atFirst = readUntilQuiet(ledger, first);
        Map<String, List<Long>> atJoiner = readUntilQuiet(ledger, joiner);
        fixture.close();
        StanzaLedger.Tally tally = ledger.tally();
        tally.assertEachOnceInOnePlace();
        assertEquals(Set.of(), tally.bounced.keySet(), "nothing bounced");
        boolean takenOver = false;
        for (int user = 0; user < USERS; user++) {
            String sender = "user" + user + "@example.org";
            List<Long> inOrder = new ArrayList<>(atFirst.getOrDefault(sender, List.of()));
            takenOver |= !inOrder.isEmpty() && atJoiner.getOrDefault(sender, List.of()).stream()
                .anyMatch(number -> number <= sentBeforeJoin);
            inOrder.addAll(atJoiner.getOrDefault(sender, List.of()));
            assertEquals(new ArrayList<>(new TreeSet<>(inOrder)), inOrder, "in order for " + sender);
        }
        assertTrue(takenOver, "stanzas queued at the first for the joiner's keys went to the joiner: " + tally);
    }

    private static Map<String, List<Long>> readUntilQuiet(StanzaLedger ledger, RawComponent component)
        throws Exception {
        Map<String, List<Long>> numbers = new HashMap<>();
        for (Element element; (element = component.pollElement(QUIET_MILLIS).orElse(null)) != null; ) {
            numbersBySender(ledger, List.of(element)).forEach((sender, read) ->
                numbers.computeIfAbsent(sender, any -> new ArrayList<>()).addAll(read));
        }
        return numbers;
    }

    private static Map<String, List<Long>> numbersBySender(StanzaLedger ledger, List<Element> elements) {
        Map<String, List<Long>> numbers = new HashMap<>();
        for (Element element : elements) {
            ledger.read(element).ifPresent(number -> numbers.computeIfAbsent(
                element.attributeValue("from").replaceAll("/.*", ""), any -> new ArrayList<>()).add(number));
        }
        return numbers;
    }
}
