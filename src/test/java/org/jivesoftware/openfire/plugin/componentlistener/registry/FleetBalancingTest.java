package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Affinity of the hashed balancing modes across joins and leaves: only the keys of the connection that joins or
 * leaves move (rendezvous hashing), and the keys spread over all members.
 */
class FleetBalancingTest {
    private static final int KEYS = 4000;

    /** A fleet member that queues what it is given and never writes it. */
    private static final class Member implements Session {
        final List<Packet> queued = new ArrayList<>();
        final Balancing balancing;

        Member(Balancing balancing) {
            this.balancing = balancing;
        }

        @Override
        public void deliver(Packet packet, Bounces bounces) {
            queued.add(packet);
        }

        @Override
        public List<Packet> detach() {
            return takeQueued();
        }

        @Override
        public void takeOver(List<Packet> packets, Bounces bounces) {
            queued.addAll(packets);
        }

        @Override
        public List<Packet> takeQueued() {
            List<Packet> taken = new ArrayList<>(queued);
            queued.clear();
            return taken;
        }

        @Override
        public Session.ConflictBehaviour conflictBehaviour() {
            return Session.ConflictBehaviour.SHARE;
        }

        @Override
        public boolean asksMultiple() {
            return false;
        }

        @Override
        public Balancing balancing() {
            return balancing;
        }

        @Override
        public boolean hidden() {
            return false;
        }

        @Override
        public CompletableFuture<Void> kick(String text) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void revalidate() {
        }

        @Override
        public void revoke(String reason) {
        }
    }

    /** One stanza per key: the key is in the part of the stanza the mode hashes, and only there. */
    private static Packet stanza(Balancing mode, int key) {
        Message message = new Message();
        String user = "user" + key / 3 + "@example.org/r" + key % 3;
        String contact = "contact" + key / 3 + "@gw.example.org/r" + key % 3;
        boolean bySource = mode == Balancing.BARE_SOURCE || mode == Balancing.SOURCE;
        message.setFrom(bySource ? user : "alice@example.org/phone");
        message.setTo(bySource ? "gw.example.org" : contact);
        return message;
    }

    /** Which member each key went to. */
    private static Map<Integer, Session> placement(Fleet fleet, Balancing mode) {
        Map<Integer, Session> placed = new HashMap<>();
        for (int key = 0; key < KEYS; key++) {
            Packet packet = stanza(mode, key);
            fleet.deliver(packet, new Bounces());
            for (Session session : fleet.sessions()) {
                List<Packet> got = ((Member) session).queued;
                if (!got.isEmpty() && got.get(got.size() - 1) == packet) {
                    placed.put(key, session);
                }
            }
        }
        // Written: nothing waits when the fleet changes.
        fleet.sessions().forEach(session -> ((Member) session).queued.clear());
        return placed;
    }

    @ParameterizedTest
    @EnumSource(value = Balancing.class, names = {"BARE_SOURCE", "SOURCE", "BARE_DESTINATION", "DESTINATION"})
    void onlyTheKeysOfTheJoiningOrLeavingConnectionMove(Balancing mode) {
        Member a = new Member(mode);
        Member b = new Member(mode);
        Member c = new Member(mode);
        Member d = new Member(mode);
        Fleet fleet = new Fleet(a, b, new ReplyRoutes());
        fleet.add(c);
        Map<Integer, Session> before = placement(fleet, mode);
        assertEquals(before, placement(fleet, mode), "the same keys in the same place while nothing changes");
        for (Member member : List.of(a, b, c)) {
            assertTrue(before.containsValue(member), "every member has keys");
        }

        fleet.add(d);
        Map<Integer, Session> joined = placement(fleet, mode);
        int moved = 0;
        for (int key = 0; key < KEYS; key++) {
            if (joined.get(key) != before.get(key)) {
                assertEquals(d, joined.get(key), "a key moved, but not to the newcomer");
                moved++;
            }
        }
        assertTrue(moved > KEYS / 8 && moved < KEYS / 2, "about a quarter of the keys move to the newcomer: " + moved);

        fleet.remove(b);
        Map<Integer, Session> left = placement(fleet, mode);
        for (int key = 0; key < KEYS; key++) {
            if (joined.get(key) != b) {
                assertEquals(joined.get(key), left.get(key), "a key of a member that stayed moved");
            }
        }
        assertTrue(!left.containsValue(b), "the leaver has no keys");
    }

    @ParameterizedTest
    @EnumSource(value = Balancing.class, names = {"BARE_SOURCE", "DESTINATION"})
    void whatWaitsWhenAConnectionJoinsIsBalancedAgainInOrder(Balancing mode) {
        Member a = new Member(mode);
        Member b = new Member(mode);
        Member c = new Member(mode);
        Fleet fleet = new Fleet(a, b, new ReplyRoutes());
        int rounds = 3;
        Map<Packet, Integer> keyOf = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int key = 0; key < KEYS / 10; key++) {
                Packet packet = stanza(mode, key);
                packet.setID(String.valueOf(round));
                keyOf.put(packet, key);
                fleet.deliver(packet, new Bounces());
            }
        }
        IQ reply = new IQ(IQ.Type.result, "r1");
        reply.setFrom("user1@example.org/r1");
        reply.setTo("contact1@gw.example.org/r1");
        a.queued.add(reply);
        Map<Integer, Session> before = new HashMap<>();
        for (Member member : List.of(a, b)) {
            member.queued.stream().filter(keyOf::containsKey).forEach(packet -> before.put(keyOf.get(packet), member));
        }

        fleet.add(c);
        fleet.rebalance(c, new Bounces());
        assertTrue(a.queued.contains(reply), "a reply stays with the member it was routed to");
        int moved = 0;
        for (Member member : List.of(a, b, c)) {
            Map<Integer, List<String>> idsByKey = new HashMap<>();
            for (Packet packet : member.queued) {
                Integer key = keyOf.get(packet);
                if (key != null) {
                    idsByKey.computeIfAbsent(key, any -> new ArrayList<>()).add(packet.getID());
                    if (member != before.get(key)) {
                        assertEquals(c, member, "key " + key + " moved, but not to the newcomer");
                    }
                }
            }
            idsByKey.values().forEach(ids -> assertEquals(List.of("0", "1", "2"), ids, "all of a key, in order"));
            moved += member == c ? idsByKey.size() : 0;
        }
        assertTrue(moved > 0, "the newcomer took keys with what waited for them");
    }
}
