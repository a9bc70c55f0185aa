package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.List;

import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Where a dropped route points while Openfire may still hand it a stanza: everything is bounced. */
final class Gone implements ComponentLink {
    static final Gone LINK = new Gone();

    private Gone() {
    }

    @Override
    public void deliver(Packet packet, Bounces bounces) {
        bounces.add(packet, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
    }

    @Override
    public List<Packet> detach() {
        return List.of();
    }

    @Override
    public void takeOver(List<Packet> packets, Bounces bounces) {
        bounces.addAll(packets, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
    }
}
