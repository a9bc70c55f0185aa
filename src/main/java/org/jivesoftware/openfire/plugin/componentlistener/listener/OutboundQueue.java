package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.xmpp.packet.Packet;

/**
 * Stanzas accepted from Openfire for one component and not yet written to its socket. Filled by Openfire's threads,
 * emptied by the connection's event loop. Bounded by {@code max_fsm_queue}; once closed it takes nothing more.
 */
final class OutboundQueue {
    /** What became of a stanza offered to the queue. */
    enum Offer {
        QUEUED,
        /** This stanza went past the limit: the queue is closed now, and so are later offers. */
        OVERFLOW,
        /** The queue was closed by an earlier overflow. */
        OVERFLOWED,
        /** The queue was emptied for good (the session ended or handed its domain over). */
        CLOSED
    }

    private final ArrayDeque<Packet> packets = new ArrayDeque<>();
    private boolean closed;
    private boolean overflowed;

    /** Queues the stanza unless the queue is closed or already holds {@code limit} stanzas (0: no limit). */
    synchronized Offer offer(Packet packet, int limit) {
        if (overflowed) {
            return Offer.OVERFLOWED;
        }
        if (closed) {
            return Offer.CLOSED;
        }
        if (limit > 0 && packets.size() >= limit) {
            overflowed = true;
            return Offer.OVERFLOW;
        }
        packets.add(packet);
        return Offer.QUEUED;
    }

    synchronized Packet poll() {
        return packets.poll();
    }

    /** Stops taking stanzas and hands back those still waiting, in order. */
    synchronized List<Packet> close() {
        closed = true;
        return takeAll();
    }

    /** Hands back the stanzas waiting, in order, and stays open. */
    synchronized List<Packet> takeAll() {
        List<Packet> waiting = new ArrayList<>(packets);
        packets.clear();
        return waiting;
    }

    synchronized int size() {
        return packets.size();
    }
}
