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
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Affinity of the hashed balancing modes across joins and leaves: only the keys of the connection that joins or
 * leaves move (rendezvous hashing), and the keys spread over all members.
 */
class FleetBalancingTest {
    private static final int KEYS = 4000;

    /** A fleet member that only notes what it was given. */
    private static final class Member implements Session {
        final List<Packet> delivered = new ArrayList<>();
        final Balancing balancing;

        Member(Balancing balancing) {
            this.balancing = balancing;
        }

        @Override
        public void deliver(Packet packet, Bounces bounces) {
            delivered.add(packet);
        }

        @Override
        public List<Packet> detach() {
            return List.of();
        }

        @Override
        public void takeOver(List<Packet> packets, Bounces bounces) {
            delivered.addAll(packets);
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
                List<Packet> got = ((Member) session).delivered;
                if (!got.isEmpty() && got.get(got.size() - 1) == packet) {
                    placed.put(key, session);
                }
            }
        }
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
}
