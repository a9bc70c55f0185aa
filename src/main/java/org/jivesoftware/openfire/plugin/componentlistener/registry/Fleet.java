package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;

/**
 * Several connections holding one domain on this node, and how the route's stanzas are spread among them. A route
 * links a fleet only while it has two members or more; one connection alone is linked directly, so a domain with
 * one connection pays nothing for fleets. Every method runs under the route's lock.
 *
 * <p>The hashed modes use rendezvous (highest random weight) hashing: each member has a random seed, a key goes to
 * the member whose mix of key and seed is highest. Adding a member moves only the keys it now wins; removing one
 * moves only its own keys. The cost is one mix per member and stanza, fine for the few members a fleet has.
 */
final class Fleet implements ComponentLink {
    private static final class Member {
        final Session session;
        final long seed = ThreadLocalRandom.current().nextLong();

        Member(Session session) {
            this.session = session;
        }
    }

    private final ReplyRoutes replies;
    /** Oldest first; replaced, never changed, so that a list handed out stays as it was. */
    private Member[] members;
    private int turn;

    Fleet(Session founder, Session joiner, ReplyRoutes replies) {
        this.replies = replies;
        this.members = new Member[] {new Member(founder), new Member(joiner)};
    }

    /** Whether the newcomer joins the holders rather than conflicting with them (SPEC section 9). */
    static boolean admits(List<Session> holders, Session newcomer) {
        return admits(holders, newcomer.conflictBehaviour() == Session.ConflictBehaviour.SHARE,
            newcomer.asksMultiple());
    }

    /** As {@link #admits(List, Session)}, for a newcomer described by its listener's share and its header. */
    static boolean admits(List<Session> holders, boolean shares, boolean asksMultiple) {
        boolean allShare = shares;
        boolean allMultiple = asksMultiple;
        if (holders.isEmpty()) {
            return false;
        }
        for (Session holder : holders) {
            allShare &= holder.conflictBehaviour() == Session.ConflictBehaviour.SHARE;
            allMultiple &= holder.asksMultiple();
        }
        return allShare || allMultiple;
    }

    void add(Session joiner) {
        Member[] grown = Arrays.copyOf(members, members.length + 1);
        grown[members.length] = new Member(joiner);
        members = grown;
    }

    /** Removes the member; false when it was not one. */
    boolean remove(Session leaver) {
        for (int i = 0; i < members.length; i++) {
            if (members[i].session == leaver) {
                Member[] shrunk = new Member[members.length - 1];
                System.arraycopy(members, 0, shrunk, 0, i);
                System.arraycopy(members, i + 1, shrunk, i, shrunk.length - i);
                members = shrunk;
                return true;
            }
        }
        return false;
    }

    int size() {
        return members.length;
    }

    List<Session> sessions() {
        List<Session> sessions = new ArrayList<>(members.length);
        for (Member member : members) {
            sessions.add(member.session);
        }
        return sessions;
    }

    /** The balancing of the oldest member's listener decides for the fleet. */
    Balancing balancing() {
        return members[0].session.balancing();
    }

    @Override
    public void deliver(Packet packet, Bounces bounces) {
        pick(packet).deliver(packet, bounces);
    }

    /**
     * In a hashed mode, balances again what the members other than the joiner had queued, each member's stanzas in
     * their order: those of the keys the joiner now wins move to it, the rest go back where they were. A reply stays
     * with the member it was routed to (its request was that member's).
     */
    void rebalance(Session joiner, Bounces bounces) {
        if (!balancing().hashed()) {
            return;
        }
        for (Member member : members) {
            if (member.session == joiner) {
                continue;
            }
            for (Packet packet : member.session.takeQueued()) {
                if (packet instanceof IQ && isReply((IQ) packet)) {
                    member.session.deliver(packet, bounces);
                } else {
                    highestWeight(balancing().key(packet)).deliver(packet, bounces);
                }
            }
        }
    }

    private Session pick(Packet packet) {
        if (packet instanceof IQ && isReply((IQ) packet)) {
            ComponentLink sender = replies.senderOf((IQ) packet);
            for (Member member : members) {
                if (member.session == sender) {
                    return member.session;
                }
            }
        }
        Balancing balancing = balancing();
        switch (balancing) {
            case RANDOM:
                return members[ThreadLocalRandom.current().nextInt(members.length)].session;
            case ROUND_ROBIN:
                turn = (turn + 1) % members.length;
                return members[turn].session;
            default:
                return highestWeight(balancing.key(packet));
        }
    }

    private static boolean isReply(IQ iq) {
        return iq.getType() == IQ.Type.result || iq.getType() == IQ.Type.error;
    }

    /** Rendezvous hashing: the member whose weight for the key is highest. */
    private Session highestWeight(int key) {
        Member best = members[0];
        long bestWeight = weight(key, best.seed);
        for (int i = 1; i < members.length; i++) {
            long weight = weight(key, members[i].seed);
            if (weight > bestWeight) {
                best = members[i];
                bestWeight = weight;
            }
        }
        return best.session;
    }

    /** SplitMix64's finaliser: every bit of key and seed reaches every bit of the weight. */
    static long weight(int key, long seed) {
        long z = seed + key * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Every member stops taking stanzas; what they had not written, member by member (each key's order kept). */
    @Override
    public List<Packet> detach() {
        List<Packet> waiting = new ArrayList<>();
        for (Member member : members) {
            waiting.addAll(member.session.detach());
        }
        return waiting;
    }

    @Override
    public void takeOver(List<Packet> packets, Bounces bounces) {
        for (Packet packet : packets) {
            deliver(packet, bounces);
        }
    }
}
