package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * An in-memory stand-in for Openfire behind the plugin's port: routes between simulated users (one inbox each) and
 * registered components, keeps the External Components settings, and records every registration.
 */
public final class InMemoryOpenfire implements OpenfireServer {
    public static final String DOMAIN = "example.org";

    private final Map<String, Component> components = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Packet>> inboxes = new ConcurrentHashMap<>();
    private final Set<String> serverOwned = ConcurrentHashMap.newKeySet();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> subdomainSecrets = new ConcurrentHashMap<>();
    private final Set<JID> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<JID>> groups = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final BlockingQueue<Packet> unroutable = new LinkedBlockingQueue<>();
    private volatile String defaultSecret;

    public InMemoryOpenfire defaultSecret(String secret) {
        this.defaultSecret = secret;
        return this;
    }

    public InMemoryOpenfire subdomainSecret(String subdomain, String secret) {
        subdomainSecrets.put(subdomain, secret);
        return this;
    }

    public InMemoryOpenfire block(String subdomain) {
        blocked.add(subdomain);
        return this;
    }

    public InMemoryOpenfire admin(String bareJid) {
        admins.add(new JID(bareJid));
        return this;
    }

    public InMemoryOpenfire groupMember(String group, String bareJid) {
        groups.computeIfAbsent(group, name -> ConcurrentHashMap.newKeySet()).add(new JID(bareJid));
        return this;
    }

    /** A domain held by an internal Openfire component (like conference.example.org). */
    public InMemoryOpenfire serverOwned(String domain) {
        serverOwned.add(domain);
        return this;
    }

    /** The inbox of a user (local or remote), created on first use. */
    public BlockingQueue<Packet> inbox(String bareJid) {
        return inboxes.computeIfAbsent(bareJid, jid -> new LinkedBlockingQueue<>());
    }

    /** Stanzas that had nowhere to go. */
    public BlockingQueue<Packet> unroutable() {
        return unroutable;
    }

    public boolean hasRoute(String domain) {
        return components.containsKey(domain);
    }

    /** Every register/unregister call, in order, as "register comp" / "unregister comp". */
    public synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public String xmppDomain() {
        return DOMAIN;
    }

    @Override
    public boolean canAccess(String subdomain) {
        return !blocked.contains(subdomain);
    }

    @Override
    public Optional<String> secretForSubdomain(String subdomain) {
        return Optional.ofNullable(subdomainSecrets.get(subdomain));
    }

    @Override
    public Optional<String> defaultSecret() {
        return Optional.ofNullable(defaultSecret);
    }

    @Override
    public boolean isAdmin(JID user) {
        return admins.contains(user);
    }

    @Override
    public boolean isInGroup(JID user, String group) {
        return groups.getOrDefault(group, Set.of()).contains(user);
    }

    @Override
    public boolean isTaken(String domain) {
        return domain.equals(DOMAIN) || serverOwned.contains(domain) || components.containsKey(domain);
    }

    @Override
    public synchronized void register(String subdomain, Component component) throws ComponentException {
        String domain = subdomain + "." + DOMAIN;
        if (components.putIfAbsent(domain, component) != null) {
            throw new ComponentException("already registered: " + domain);
        }
        calls.add("register " + subdomain);
    }

    @Override
    public synchronized void unregister(String subdomain, Component component) {
        components.remove(subdomain + "." + DOMAIN, component);
        calls.add("unregister " + subdomain);
    }

    @Override
    public void route(Packet packet) {
        JID to = packet.getTo();
        Component component = to == null ? null : components.get(to.getDomain());
        if (component != null) {
            component.processPacket(packet);
        } else if (to != null && to.getNode() != null) {
            // A local user, or a remote one reached over server-to-server.
            inbox(to.toBareJID()).add(packet);
        } else {
            unroutable.add(packet);
        }
    }

    /** A user of the server sends a stanza: routed as Openfire would. */
    public void send(Packet packet) {
        route(packet);
    }

    /** Waits for the next stanza in a user's inbox. */
    public Packet next(String bareJid, long timeoutMillis) throws InterruptedException {
        return inbox(bareJid).poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The error condition of a stanza, or null. */
    public static PacketError.Condition condition(Packet packet) {
        return packet.getError() == null ? null : packet.getError().getCondition();
    }

    /** Shown in assertion messages. */
    @Override
    public synchronized String toString() {
        Set<String> routed = new HashSet<>(components.keySet());
        Map<String, Integer> waiting = new HashMap<>();
        inboxes.forEach((jid, inbox) -> waiting.put(jid, inbox.size()));
        return "InMemoryOpenfire{routes=" + routed + ", inboxes=" + waiting + ", calls=" + calls + "}";
    }
}
