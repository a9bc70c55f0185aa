package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * Keeps a domain's stanzas while its component reconnects ({@code reconnect_grace}): bounded by the listener's
 * {@code max_fsm_queue}, handed in order to the next session of the domain.
 */
final class ReconnectHold implements ComponentLink {
    private final int limit;
    private final List<Packet> held = new ArrayList<>();
    private ScheduledFuture<?> expiry;

    /** @param limit most stanzas held; 0 for no limit */
    ReconnectHold(int limit) {
        this.limit = limit;
    }

    void expireWith(ScheduledFuture<?> timer) {
        expiry = timer;
    }

    void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    @Override
    public void deliver(Packet packet, Bounces bounces) {
        if (limit > 0 && held.size() >= limit) {
            // The oldest stay: they are the ones the returning component should see first.
            bounces.add(packet, PacketError.Condition.resource_constraint, PacketError.Type.wait);
        } else {
            held.add(packet);
        }
    }

    @Override
    public List<Packet> detach() {
        List<Packet> all = new ArrayList<>(held);
        held.clear();
        return all;
    }

    @Override
    public void takeOver(List<Packet> packets, Bounces bounces) {
        for (Packet packet : packets) {
            deliver(packet, bounces);
        }
    }
}
