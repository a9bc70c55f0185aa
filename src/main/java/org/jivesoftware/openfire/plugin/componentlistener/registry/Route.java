package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.List;
import java.util.function.Consumer;


import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * The component registered with Openfire for one domain. It stays registered while the link behind it changes
 * (a kicked session to its replacement, a session to its reconnect hold and back), so that no stanza meets a
 * missing route during a swap. Stanzas and swaps take the same lock: none can fall between two links. Several
 * connections of one domain (a {@link Fleet}) are linked through a fleet; one alone is linked directly.
 */
final class Route implements Component {
    private final String domain;
    private final String subdomain;
    private final OpenfireServer server;
    private final Consumer<IQ> iqFilter;
    private final ListenerCounters counters;
    /** Which fleet member sent which IQ request; written only while the domain has a fleet. */
    private final ReplyRoutes replies = new ReplyRoutes();
    private ComponentLink link;
    /** Whether {@link #link} is a fleet: read without the lock by the members' event loops. */
    private volatile boolean fleet;
    /**
     * Set once connections of the domain on another node are known to be in its fleet: then no reconnect grace here,
     * since the other node's connections take the domain's stanzas.
     */
    private volatile boolean sharedAcrossNodes;

    Route(String domain, String subdomain, ComponentLink link, OpenfireServer server, Consumer<IQ> iqFilter,
          ListenerCounters counters) {
        this.domain = domain;
        this.subdomain = subdomain;
        this.link = link;
        this.server = server;
        this.iqFilter = iqFilter;
        this.counters = counters;
    }

    String domain() {
        return domain;
    }

    String subdomain() {
        return subdomain;
    }

    boolean sharedAcrossNodes() {
        return sharedAcrossNodes;
    }

    void shareAcrossNodes() {
        sharedAcrossNodes = true;
    }

    synchronized ComponentLink link() {
        return link;
    }

    /** Moves the domain to another link; returns what the old one had not written yet. */
    synchronized List<Packet> relink(ComponentLink next) {
        List<Packet> waiting = link.detach();
        link = next;
        return waiting;
    }

    /** The connections that hold the domain: one, several (a fleet), or none while it is held or gone. */
    synchronized List<Session> sessions() {
        if (link instanceof Fleet) {
            return ((Fleet) link).sessions();
        }
        return link instanceof Session ? List.of((Session) link) : List.of();
    }

    /**
     * Adds a connection to those holding the domain. With a hashed balancing, what the others had queued and not
     * written is balanced again, before any stanza that comes after (the lock): the stanzas of the keys the newcomer
     * takes over reach it in order.
     */
    void join(Session joiner) {
        Bounces bounces = new Bounces();
        synchronized (this) {
            Fleet members;
            if (link instanceof Fleet) {
                members = (Fleet) link;
                members.add(joiner);
            } else {
                members = new Fleet((Session) link, joiner, replies);
                link = members;
                fleet = true;
            }
            members.rebalance(joiner, bounces);
        }
        bounces.route(server, counters);
    }

    /**
     * Takes one connection out of a fleet; what it had not written yet goes to the others, in order, before any
     * stanza that comes after (the lock). False when the connection is not a member of a fleet here.
     */
    boolean leave(Session leaver) {
        Bounces bounces = new Bounces();
        synchronized (this) {
            if (!(link instanceof Fleet) || !((Fleet) link).remove(leaver)) {
                return false;
            }
            Fleet members = (Fleet) link;
            if (members.size() == 1) {
                link = members.sessions().get(0);
                fleet = false;
                replies.clear();
            }
            link.takeOver(leaver.detach(), bounces);
        }
        bounces.route(server, counters);
        return true;
    }

    /**
     * A connection of the domain sent an IQ request: while the domain has a fleet, its reply is to come back to it.
     * A domain with one connection notes nothing: its replies have nowhere else to go.
     */
    void noteRequest(IQ request, Session sender) {
        if (fleet) {
            replies.noted(request, sender);
        }
    }

    /** Moves the domain to another link, which takes what the old one had not written yet. */
    void handTo(ComponentLink next) {
        Bounces bounces = new Bounces();
        synchronized (this) {
            next.takeOver(relink(next), bounces);
        }
        bounces.route(server, counters);
    }

    /**
     * Openfire may reuse a packet object once this returns (a presence broadcast changes its {@code to} for the
     * next recipient), and the stanza is written later: the route keeps its own copy. Openfire's packet
     * interceptors do not run for stanzas routed to components, so IQs pass the plugin's own filter here.
     */
    @Override
    public void processPacket(Packet packet) {
        Packet own = packet.createCopy();
        if (own instanceof IQ) {
            iqFilter.accept((IQ) own);
        }
        Bounces bounces = new Bounces();
        synchronized (this) {
            link.deliver(own, bounces);
        }
        bounces.route(server, counters);
    }

    @Override
    public String getName() {
        return domain;
    }

    @Override
    public String getDescription() {
        return "External component connected through the Component Listener plugin";
    }

    @Override
    public void initialize(JID jid, ComponentManager componentManager) {
        // Nothing to prepare: the session is already connected when Openfire initializes the component.
    }

    @Override
    public void start() {
        // Started by its session's handshake.
    }

    @Override
    public void shutdown() {
        // Ended by its session or hold; Openfire calls this when the route is removed.
    }
}
