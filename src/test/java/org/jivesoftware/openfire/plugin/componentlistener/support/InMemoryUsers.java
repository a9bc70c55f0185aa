package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.jivesoftware.openfire.plugin.componentlistener.port.UserServices;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;
import org.xmpp.packet.Roster;

/**
 * The local users of an {@link InMemoryOpenfire}, as Openfire keeps them: a roster each (every change pushed to the
 * user's online resources, as Openfire's roster manager does, and told to the listeners), online resources with or
 * without carbons, and the IQ handlers of the server by namespace (others answered {@code service-unavailable}).
 */
public final class InMemoryUsers implements UserServices {
    private final InMemoryOpenfire openfire;
    private final Map<String, Map<JID, Roster.Item>> rosters = new ConcurrentHashMap<>();
    /** Username to its online resources, each with whether it enabled carbons. */
    private final Map<String, Map<JID, Boolean>> online = new ConcurrentHashMap<>();
    private final Map<String, Function<IQ, IQ>> handlers = new ConcurrentHashMap<>();
    private final List<IQ> executed = new CopyOnWriteArrayList<>();
    private final List<UserListener> listeners = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch rosterWrites = new CountDownLatch(0);

    public InMemoryUsers(InMemoryOpenfire openfire) {
        this.openfire = openfire;
    }

    /** Adds a registered user with an empty roster. */
    public InMemoryUsers user(String username) {
        rosters.putIfAbsent(username, new ConcurrentHashMap<>());
        return this;
    }

    /** A resource of the user comes online, with or without XEP-0280 carbons; its presence is broadcast. */
    public void online(JID fullJid, boolean carbons) {
        online.computeIfAbsent(fullJid.getNode(), user -> new LinkedHashMap<>()).put(fullJid, carbons);
        Presence presence = new Presence();
        presence.setFrom(fullJid);
        listeners.forEach(listener -> listener.userPresence(presence));
    }

    /** The user's resource goes offline. */
    public void offline(JID fullJid) {
        online.getOrDefault(fullJid.getNode(), Map.of()).remove(fullJid);
        Presence presence = new Presence(Presence.Type.unavailable);
        presence.setFrom(fullJid);
        listeners.forEach(listener -> listener.userPresence(presence));
    }

    /** A contact's presence reaches the user. */
    public void contactPresence(String username, Presence presence) {
        listeners.forEach(listener -> listener.contactPresence(username, presence));
    }

    /** Roster changes wait, as for a slow database, until the latch opens. */
    public void holdRosterChanges(CountDownLatch until) {
        rosterWrites = until;
    }

    /** The server handles IQs of this namespace sent by users with the function. */
    public InMemoryUsers handle(String namespace, Function<IQ, IQ> handler) {
        handlers.put(namespace, handler);
        return this;
    }

    /** Every IQ executed on a user's behalf, as the server got it. */
    public List<IQ> executed() {
        return new ArrayList<>(executed);
    }

    public Set<JID> rosterJids(String username) {
        return Set.copyOf(rosters.getOrDefault(username, Map.of()).keySet());
    }

    public Roster.Item rosterItem(String username, JID contact) {
        return rosters.getOrDefault(username, Map.of()).get(contact);
    }

    @Override
    public boolean isLocalUser(JID jid) {
        return jid != null && InMemoryOpenfire.DOMAIN.equals(jid.getDomain()) && jid.getNode() != null
            && rosters.containsKey(jid.getNode());
    }

    @Override
    public Roster roster(String username) throws RosterRefusal {
        Map<JID, Roster.Item> items = rosterOf(username);
        Roster roster = new Roster();
        items.values().forEach(item -> roster.addItem(item.getJID(), item.getName(), item.getAsk(),
            item.getSubscription(), item.getGroups()));
        return roster;
    }

    @Override
    public void updateRoster(String username, Roster.Item item) throws RosterRefusal {
        try {
            rosterWrites.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RosterRefusal(PacketError.Condition.internal_server_error, "interrupted");
        }
        Map<JID, Roster.Item> items = rosterOf(username);
        if (item.getSubscription() == Roster.Subscription.remove) {
            if (items.remove(item.getJID()) == null) {
                throw new RosterRefusal(PacketError.Condition.item_not_found, "no item " + item.getJID());
            }
        } else {
            Roster.Item before = items.get(item.getJID());
            // A subscription given is set; none given keeps what there was.
            Roster.Subscription subscription = item.getSubscription() != null ? item.getSubscription()
                : before == null ? Roster.Subscription.none : before.getSubscription();
            Roster holder = new Roster();
            items.put(item.getJID(), holder.addItem(item.getJID(), item.getName(), null, subscription,
                item.getGroups()));
        }
        Roster.Item pushed = item.getSubscription() == Roster.Subscription.remove ? item : items.get(item.getJID());
        for (JID resource : online.getOrDefault(username, Map.of()).keySet()) {
            Roster push = new Roster(IQ.Type.set);
            push.setTo(resource);
            push.addItem(pushed.getJID(), pushed.getName(), pushed.getAsk(), pushed.getSubscription(),
                pushed.getGroups());
            openfire.route(push);
        }
        listeners.forEach(listener -> listener.rosterChanged(username, pushed));
    }

    private Map<JID, Roster.Item> rosterOf(String username) throws RosterRefusal {
        Map<JID, Roster.Item> items = rosters.get(username);
        if (items == null) {
            throw new RosterRefusal(PacketError.Condition.item_not_found, "no user " + username);
        }
        return items;
    }

    @Override
    public List<JID> carbonsEnabledResources(String username) {
        List<JID> resources = new ArrayList<>();
        online.getOrDefault(username, Map.of()).forEach((resource, carbons) -> {
            if (carbons) {
                resources.add(resource);
            }
        });
        return resources;
    }

    @Override
    public CompletableFuture<IQ> executeAsUser(IQ request) {
        executed.add(request.createCopy());
        Function<IQ, IQ> handler = handlers.get(request.getChildElement().getNamespaceURI());
        if (handler != null) {
            return CompletableFuture.supplyAsync(() -> handler.apply(request));
        }
        IQ error = IQ.createResultIQ(request);
        error.setChildElement(request.getChildElement().createCopy());
        error.setType(IQ.Type.error);
        error.setError(PacketError.Condition.service_unavailable);
        return CompletableFuture.completedFuture(error);
    }

    @Override
    public void addUserListener(UserListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeUserListener(UserListener listener) {
        listeners.remove(listener);
    }
}
