package org.jivesoftware.openfire.plugin.componentlistener.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Messages a test sends to components, each with an id of its own, and what became of each: read by a component
 * (and how often), bounced to its sender (with which error), or left by the server for want of a route, which
 * Openfire answers as for any unknown service. Ids are {@code m} and a number that grows in sending order.
 */
public final class StanzaLedger {
    private final InMemoryOpenfire openfire;
    private final AtomicLong lastNumber = new AtomicLong();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final Set<String> senders = ConcurrentHashMap.newKeySet();

    /** When and where a message was sent. */
    public static final class Sent {
        public final String domain;
        public final long nanoTime;

        Sent(String domain, long nanoTime) {
            this.domain = domain;
            this.nanoTime = nanoTime;
        }
    }

    public StanzaLedger(InMemoryOpenfire openfire) {
        this.openfire = openfire;
    }

    /** Sends a message from a user (full JID) to the address, its body padded to about the size given. */
    public String send(String from, String to, int bodySize) {
        String id = "m" + lastNumber.incrementAndGet();
        Message message = InMemoryOpenfire.message(from, to, id + " " + "x".repeat(Math.max(0, bodySize)));
        message.setID(id);
        senders.add(new JID(from).toBareJID());
        sent.put(id, new Sent(message.getTo().getDomain(), System.nanoTime()));
        openfire.send(message);
        return id;
    }

    public String send(String from, String to) {
        return send(from, to, 0);
    }

    /** The number in a message id. */
    public static long number(String id) {
        return Long.parseLong(id.substring(1));
    }

    /** Notes an element a component read; the number of the ledger's message it was, if it was one. */
    public OptionalLong read(Element element) {
        String id = element.attributeValue("id");
        if (!"message".equals(element.getName()) || id == null || !sent.containsKey(id)) {
            return OptionalLong.empty();
        }
        reads.computeIfAbsent(id, any -> new AtomicInteger()).incrementAndGet();
        return OptionalLong.of(number(id));
    }

    public Sent sent(String id) {
        return sent.get(id);
    }

    public int sentCount() {
        return sent.size();
    }

    /**
     * What became of every message. Call it once nothing more can happen to them: the listeners stopped, so that
     * every bounce has been routed.
     */
    public Tally tally() {
        Tally tally = new Tally(sent.keySet());
        reads.forEach((id, count) -> {
            tally.delivered.add(id);
            if (count.get() > 1) {
                tally.duplicated.add(id);
            }
        });
        for (String sender : senders) {
            for (Packet bounce; (bounce = openfire.inbox(sender).poll()) != null; ) {
                String error = bounce.getError() == null ? "no error"
                    : bounce.getError().getType().toXMPP() + "/" + bounce.getError().getCondition().toXMPP();
                if (tally.bounced.put(bounce.getID(), error) != null) {
                    tally.duplicated.add(bounce.getID());
                }
            }
        }
        for (Packet packet; (packet = openfire.unroutable().poll()) != null; ) {
            tally.unroutable.add(packet.getID());
        }
        return tally;
    }

    /** Where every message ended up. */
    public static final class Tally {
        public final Set<String> sent;
        /** Read by a component at least once. */
        public final Set<String> delivered = new HashSet<>();
        /** Read more than once, or bounced more than once. */
        public final Set<String> duplicated = new HashSet<>();
        /** The error each bounced message came back with, as {@code type/condition}. */
        public final Map<String, String> bounced = new HashMap<>();
        public final Set<String> unroutable = new HashSet<>();

        Tally(Set<String> sent) {
            this.sent = Set.copyOf(sent);
        }

        /** Neither read, nor bounced, nor left without a route. */
        public Set<String> lost() {
            Set<String> lost = new HashSet<>(sent);
            lost.removeAll(delivered);
            lost.removeAll(bounced.keySet());
            lost.removeAll(unroutable);
            return lost;
        }

        /** Ids that ended up in more than one place. */
        public Set<String> inTwoPlaces() {
            Set<String> twice = new HashSet<>();
            for (String id : bounced.keySet()) {
                if (delivered.contains(id) || unroutable.contains(id)) {
                    twice.add(id);
                }
            }
            for (String id : unroutable) {
                if (delivered.contains(id)) {
                    twice.add(id);
                }
            }
            return twice;
        }

        /**
         * Fails unless every message ended up in exactly one place, and every bounce is one a departing session
         * gives: {@code wait/resource-constraint} for what it had accepted, {@code cancel/service-unavailable} for
         * what reached its route as it went.
         */
        public void assertEachOnceInOnePlace() {
            assertEquals(Set.of(), lost(), toString());
            assertEquals(Set.of(), duplicated, toString());
            assertEquals(Set.of(), inTwoPlaces(), toString());
            assertTrue(Set.of("wait/resource-constraint", "cancel/service-unavailable")
                .containsAll(bouncesByError().keySet()), toString());
        }

        /** How many bounces came back with each error. */
        public Map<String, Integer> bouncesByError() {
            Map<String, Integer> counts = new HashMap<>();
            bounced.values().forEach(error -> counts.merge(error, 1, Integer::sum));
            return counts;
        }

        /** The numbers of the ids, in order. */
        public static TreeSet<Long> numbers(Set<String> ids) {
            TreeSet<Long> numbers = new TreeSet<>();
            ids.forEach(id -> numbers.add(number(id)));
            return numbers;
        }

        @Override
        public String toString() {
            return "sent " + sent.size() + ", delivered " + delivered.size() + ", bounced " + bouncesByError()
                + ", unroutable " + unroutable.size() + ", lost " + lost().size() + ", duplicated " + duplicated
                + ", in two places " + inTwoPlaces();
        }
    }
}
