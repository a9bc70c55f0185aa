package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.port.UserServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Roster;

/**
 * The grants of every component domain, as the system properties hold them now, and the privileged components
 * connected to this node: each is told its grants right after its handshake and again whenever they change, and
 * is sent the roster pushes and presences its grants ask for. Connections hand their stanzas here before routing
 * them; a privileged request is handled here (see {@link PrivilegedRequests}).
 */
public final class Privileges implements UserServices.UserListener {
    private static final Logger LOG = LoggerFactory.getLogger(Privileges.class);

    private final GrantStore store;
    private final OpenfireServer server;
    private final PrivilegedRequests requests;
    /** The component domains connected to this node, each with a way to write to it. */
    private final Map<String, Consumer<Packet>> connected = new ConcurrentHashMap<>();
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Grants> grants = Map.of();

    public Privileges(GrantStore store, OpenfireServer server, UserServices users) {
        this.store = store;
        this.server = server;
        this.requests = new PrivilegedRequests(server, users, this::refused);
        reload();
    }

    /** Reads the grants again; every connected component whose grants changed is told its new ones. */
    public synchronized void reload() {
        Map<String, Grants> read = new HashMap<>();
        for (GrantStore.Read domain : store.readAll()) {
            if (!domain.problems().isEmpty()) {
                LOG.warn("Component {} is granted no privileges: {}", domain.domain(),
                    org.jivesoftware.openfire.plugin.componentlistener.message.Message.english(domain.problems()));
            }
            if (!domain.grants().isEmpty()) {
                read.put(domain.domain(), domain.grants());
            }
        }
        Map<String, Grants> before = grants;
        grants = Map.copyOf(read);
        connected.forEach((domain, sender) -> {
            if (!grants(domain).equals(before.getOrDefault(domain, Grants.NONE))) {
                LOG.info("Privileges of component {} changed: {}", domain, grants(domain));
                sender.accept(advertisement(domain));
            }
        });
    }

    public Grants grants(String domain) {
        return grants.getOrDefault(domain, Grants.NONE);
    }

    /**
     * A component just authenticated on this node: from now on it is sent what its grants ask for through
     * {@code sender}. Returns the advertisement of its privileges, if it has any, for the connection to write right
     * after the handshake, before anything else.
     */
    public Optional<Message> connected(String domain, Consumer<Packet> sender) {
        connected.put(domain, sender);
        return grants(domain).isEmpty() ? Optional.empty() : Optional.of(advertisement(domain));
    }

    /** The component's connection ended (only this connection's registration is removed). */
    public void disconnected(String domain, Consumer<Packet> sender) {
        connected.remove(domain, sender);
    }

    /** True when the stanza is a privileged request (see {@link PrivilegedRequests}), granted or not. */
    public boolean isRequest(Packet packet) {
        return requests.kind(packet) != PrivilegedRequests.Kind.NONE;
    }

    /** See {@link PrivilegedRequests#handle}. May wait for Openfire's database: not on an event loop. */
    public boolean handle(Packet packet, String domain, Consumer<Packet> answer) {
        return requests.handle(packet, domain, grants(domain), answer);
    }

    /** XEP-0356 §advertising: a message from the server listing the granted permissions only. */
    private Message advertisement(String domain) {
        Message message = new Message();
        message.setFrom(server.xmppDomain());
        message.setTo(domain);
        message.getElement().add(grants(domain).advertisement());
        return message;
    }

    private void refused(String domain, PrivilegedRequests.Cause cause, String detail) {
        if (refusalsLogged.add(domain + " " + cause)) {
            LOG.info("Refused a privileged request of component {} ({}): {}; further ones are logged at debug level",
                domain, cause, detail);
        } else {
            LOG.debug("Refused a privileged request of component {} ({}): {}", domain, cause, detail);
        }
    }

    // ---- what the components are told of ------------------------------------------------------------------------

    @Override
    public void rosterChanged(String username, Roster.Item item) {
        JID user = new JID(username, server.xmppDomain(), null);
        connected.forEach((domain, sender) -> {
            if (grants(domain).rosterPush()) {
                Roster push = new Roster(IQ.Type.set);
                push.setFrom(user);
                push.setTo(domain);
                push.getElement().element("query").add(itemElement(item));
                sender.accept(push);
            }
        });
    }

    @Override
    public void userPresence(Presence presence) {
        relayPresence(presence, Grants.PresenceAccess.MANAGED_ENTITY);
    }

    @Override
    public void contactPresence(String username, Presence presence) {
        relayPresence(presence, Grants.PresenceAccess.ROSTER);
    }

    /** A copy addressed to every connected component granted at least {@code needed}. */
    private void relayPresence(Presence presence, Grants.PresenceAccess needed) {
        connected.forEach((domain, sender) -> {
            if (grants(domain).presence().compareTo(needed) >= 0) {
                Presence copy = presence.createCopy();
                copy.setTo(domain);
                sender.accept(copy);
            }
        });
    }

    private static org.dom4j.Element itemElement(Roster.Item item) {
        Roster holder = new Roster();
        holder.addItem(item.getJID(), item.getName(), item.getAsk(), item.getSubscription(), item.getGroups());
        return holder.getChildElement().element("item").createCopy();
    }
}
