package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.List;

import org.xmpp.packet.Packet;

/**
 * Whatever receives the stanzas routed to a domain: a connected session, or the hold that keeps them while a
 * component reconnects. The registry calls these under the route's lock, so none of them may block.
 */
public interface ComponentLink {

    /** Takes a stanza routed to the domain; stanzas it refuses go into {@code bounces}. */
    void deliver(Packet packet, Bounces bounces);

    /** Stops taking stanzas and returns those not yet written, in order. */
    List<Packet> detach();

    /** Takes stanzas handed over from an earlier session or hold, ahead of anything delivered later. */
    void takeOver(List<Packet> packets, Bounces bounces);
}
