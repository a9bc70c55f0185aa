package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * Error replies collected while a lock is held and routed after it is released: routing a bounce may reach another
 * component's route, and taking its lock while holding ours could deadlock.
 */
public final class Bounces {
    private final List<Packet> replies = new ArrayList<>();

    /** Adds the error reply to the stanza, unless it is an error or a result (never answered with errors). */
    public void add(Packet packet, PacketError.Condition condition, PacketError.Type type) {
        Stanzas.bounce(packet, condition, type).ifPresent(replies::add);
    }

    public void addAll(List<Packet> packets, PacketError.Condition condition, PacketError.Type type) {
        for (Packet packet : packets) {
            add(packet, condition, type);
        }
    }

    /** Routes every collected reply to its sender, counted as bounced. */
    public void route(OpenfireServer server, ListenerCounters counters) {
        counters.add(ListenerCounters.Counter.BOUNCED, replies.size());
        for (Packet reply : replies) {
            server.route(reply);
        }
        replies.clear();
    }
}
