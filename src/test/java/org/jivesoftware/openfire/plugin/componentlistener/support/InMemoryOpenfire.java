package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenFlags;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * An in-memory stand-in for Openfire behind the plugin's port: routes between simulated users (one inbox each) and
 * registered components, keeps the External Components settings, and records every registration. It is one node of
 * an {@link InMemoryCluster}, alone unless {@link #onAnotherNode} adds more: the nodes share what Openfire shares in
 * a cluster (routing, users, service discovery, settings) and each has its own packet interceptors. Like Openfire,
 * the routes of a node that leaves the cluster are removed.
 */
public final class InMemoryOpenfire implements OpenfireServer {
    public static final String DOMAIN = "example.org";
    public static final JID COMPONENT_MANAGER = new JID("component." + DOMAIN);
    private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    private static final AtomicLong PROBE_IDS = new AtomicLong();

    private final InMemoryCluster.Node node;
    private final List<Consumer<IQ>> iqFilters = new CopyOnWriteArrayList<>();

    // Shared by every node.
    private final Set<String> discoItems;
    /** Component routes: domain to the nodes that route it, each with its component. */
    private final Map<String, Map<String, Component>> components;
    private final Map<String, BlockingQueue<Packet>> inboxes;
    private final Set<String> serverOwned;
    private final Set<String> nativeSessions;
    private final Set<String> blocked;
    private final Map<String, String> subdomainSecrets;
    private final Set<JID> admins;
    private final Map<String, Set<JID>> groups;
    private final List<String> calls;
    private final BlockingQueue<Packet> unroutable;
    // This node's own.
    private final List<Runnable> certificateListeners = new CopyOnWriteArrayList<>();
    private volatile KeyStore identityStore;
    private volatile char[] identityStorePassword;
    private volatile List<String> componentTlsProtocols = List.of();
    private volatile List<String> componentTlsCipherSuites = List.of();
    private volatile String defaultSecret;
    private volatile boolean discoProbes = true;
    private volatile boolean callLog = true;
    private volatile long unregisterMillis;
    private volatile long directoryMillis;
    private volatile Consumer<Packet> users;

    /** A server alone in its cluster. */
    public InMemoryOpenfire() {
        this(new InMemoryCluster().join("openfire"));
    }

    /** The first node of a cluster; {@link #onAnotherNode} adds the others. */
    public InMemoryOpenfire(InMemoryCluster.Node node) {
        this.node = node;
        discoItems = ConcurrentHashMap.newKeySet();
        components = new ConcurrentHashMap<>();
        inboxes = new ConcurrentHashMap<>();
        serverOwned = ConcurrentHashMap.newKeySet();
        nativeSessions = ConcurrentHashMap.newKeySet();
        blocked = ConcurrentHashMap.newKeySet();
        subdomainSecrets = new ConcurrentHashMap<>();
        admins = ConcurrentHashMap.newKeySet();
        groups = new ConcurrentHashMap<>();
        calls = new ArrayList<>();
        unroutable = new LinkedBlockingQueue<>();
        cleanUpAfterDepartedNodes();
    }

    /** Another node of the same cluster and server, with the settings this one has now. */
    private InMemoryOpenfire(InMemoryOpenfire first, InMemoryCluster.Node node) {
        this.node = node;
        discoItems = first.discoItems;
        components = first.components;
        inboxes = first.inboxes;
        serverOwned = first.serverOwned;
        nativeSessions = first.nativeSessions;
        blocked = first.blocked;
        subdomainSecrets = first.subdomainSecrets;
        admins = first.admins;
        groups = first.groups;
        calls = first.calls;
        unroutable = first.unroutable;
        defaultSecret = first.defaultSecret;
        discoProbes = first.discoProbes;
        unregisterMillis = first.unregisterMillis;
        directoryMillis = first.directoryMillis;
        cleanUpAfterDepartedNodes();
    }

    /** The same server on another node of the cluster (which the node must have joined). */
    public InMemoryOpenfire onAnotherNode(InMemoryCluster.Node other) {
        return new InMemoryOpenfire(this, other);
    }

    /** Like Openfire's routing table: the routes of a node that left go, and service discovery forgets them. */
    private void cleanUpAfterDepartedNodes() {
        node.addListener(new ClusterPort.Listener() {
            @Override
            public void nodeLeft(String departed) {
                synchronized (components) {
                    components.values().forEach(routes -> routes.remove(departed));
                    components.values().removeIf(Map::isEmpty);
                    discoItems.removeIf(domain -> !components.containsKey(domain));
                }
            }

            @Override
            public void membershipChanged() {
                // Routing is shared by the whole cluster here; a node that leaves it is not used any more.
            }
        });
    }

    /** This server's node. */
    public InMemoryCluster.Node node() {
        return node;
    }
    /** Removing a component takes this long, as in an Openfire that tells a cluster or a slow database. */
    public InMemoryOpenfire slowUnregister(long millis) {
        this.unregisterMillis = millis;
        return this;
    }

    /** Admin and group lookups take this long, as with a slow LDAP directory. */
    public InMemoryOpenfire slowDirectory(long millis) {
        this.directoryMillis = millis;
        return this;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Openfire's identity store for component connections, as the certificates page would leave it. */
    public InMemoryOpenfire identityStore(KeyStore store, char[] password) {
        this.identityStore = store;
        this.identityStorePassword = password.clone();
        return this;
    }

    /** The protocols Openfire's settings allow on its direct-TLS component port. */
    public InMemoryOpenfire componentTlsProtocols(String... protocols) {
        this.componentTlsProtocols = List.of(protocols);
        return this;
    }

    /** The cipher suites Openfire's settings allow on its direct-TLS component port. */
    public InMemoryOpenfire componentTlsCipherSuites(String... cipherSuites) {
        this.componentTlsCipherSuites = List.of(cipherSuites);
        return this;
    }

    /** Tells whoever listens that a certificate store changed, as Openfire does after the admin console changed one. */
    public void certificatesChanged() {
        certificateListeners.forEach(Runnable::run);
    }

    public int certificateListeners() {
        return certificateListeners.size();
    }

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

    /**
     * Registers components without asking them for their disco#info, for tests that count every stanza the
     * server writes to a component.
     */
    public InMemoryOpenfire withoutDiscoProbes() {
        discoProbes = false;
        return this;
    }

    /** Keeps no record of registrations (see {@link #calls}), for benchmarks that measure what the plugin retains. */
    public InMemoryOpenfire withoutCallLog() {
        callLog = false;
        return this;
    }

    /** A domain held by an internal Openfire component (like conference.example.org). */
    public InMemoryOpenfire serverOwned(String domain) {
        serverOwned.add(domain);
        return this;
    }

    /** A component connected on Openfire's own component port. */
    public InMemoryOpenfire nativeSession(String domain) {
        nativeSessions.add(domain);
        return this;
    }

    /**
     * Stanzas for users go to the consumer instead of their inboxes, as they would to users' connections: for
     * benchmarks, which count and time them on the delivering thread.
     */
    public InMemoryOpenfire deliverToUsers(Consumer<Packet> consumer) {
        this.users = consumer;
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

    /** Every domain with a component route. */
    public Set<String> routes() {
        return new HashSet<>(components.keySet());
    }

    /** The nodes that route the domain to a component of theirs. */
    public Set<String> routeOwners(String domain) {
        return new HashSet<>(components.getOrDefault(domain, Map.of()).keySet());
    }

    /** Every domain flagged hidden, as the plugin reads the flags. */
    public Set<String> hiddenDomains() {
        return new HiddenFlags(node).domains();
    }

    /** The outgoing IQ filters added (Openfire's packet interceptors) and not removed. */
    public int outgoingIqFilters() {
        return iqFilters.size();
    }

    private void record(String call) {
        if (callLog) {
            synchronized (calls) {
                calls.add(call);
            }
        }
    }

    /** Every register/unregister call on any node, in order, as "register comp" / "unregister comp". */
    public List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
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
    public KeyStore identityStore() {
        if (identityStore == null) {
            throw new IllegalStateException("no identity store for component connections");
        }
        return identityStore;
    }

    @Override
    public char[] identityStorePassword() {
        return identityStorePassword.clone();
    }

    @Override
    public List<String> componentTlsProtocols() {
        return componentTlsProtocols;
    }

    @Override
    public List<String> componentTlsCipherSuites() {
        return componentTlsCipherSuites;
    }

    @Override
    public void addCertificateListener(Runnable listener) {
        certificateListeners.add(listener);
    }

    @Override
    public void removeCertificateListener(Runnable listener) {
        certificateListeners.remove(listener);
    }

    @Override
    public boolean isAdmin(JID user) {
        pause(directoryMillis);
        return admins.contains(user);
    }

    @Override
    public boolean isInGroup(JID user, String group) {
        pause(directoryMillis);
        return groups.getOrDefault(group, Set.of()).contains(user);
    }

    @Override
    public boolean isTaken(String domain) {
        return domain.equals(DOMAIN) || serverOwned.contains(domain) || nativeSessions.contains(domain)
            || components.containsKey(domain);
    }

    /** Like Openfire, the native session's route goes a moment after the close is asked for. */
    @Override
    public boolean kickNativeSession(String domain, String reason) {
        if (!nativeSessions.contains(domain)) {
            return false;
        }
        record("kick native " + domain + ": " + reason);
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> nativeSessions.remove(domain));
        return true;
    }

    /**
     * Like Openfire's component manager: registers, then asks the component for its disco#info at once. Like
     * Openfire, it does not check whether another node routes the domain too: that is the caller's job.
     */
    @Override
    public void register(String subdomain, Component component) throws ComponentException {
        String domain = subdomain + "." + DOMAIN;
        synchronized (components) {
            if (components.computeIfAbsent(domain, d -> new ConcurrentHashMap<>())
                .putIfAbsent(node.localNode(), component) != null) {
                throw new ComponentException("already registered: " + domain);
            }
        }
        record("register " + subdomain);
        if (!discoProbes) {
            return;
        }
        IQ probe = new IQ(IQ.Type.get, "probe-" + PROBE_IDS.incrementAndGet());
        probe.setFrom(COMPONENT_MANAGER);
        probe.setTo(domain);
        probe.setChildElement("query", "http://jabber.org/protocol/disco#info");
        component.processPacket(probe);
    }

    @Override
    public void unregister(String subdomain, Component component) {
        pause(unregisterMillis);
        String domain = subdomain + "." + DOMAIN;
        synchronized (components) {
            Map<String, Component> routes = components.get(domain);
            if (routes != null && routes.remove(node.localNode(), component) && routes.isEmpty()) {
                components.remove(domain);
                discoItems.remove(domain);
            }
        }
        record("unregister " + subdomain);
    }

    @Override
    public JID componentManagerAddress() {
        return COMPONENT_MANAGER;
    }

    @Override
    public ClusterPort cluster() {
        return node;
    }

    @Override
    public void addOutgoingIqFilter(Consumer<IQ> filter) {
        iqFilters.add(filter);
    }

    @Override
    public void removeOutgoingIqFilter(Consumer<IQ> filter) {
        iqFilters.remove(filter);
    }

    /** The server's disco#items list: components that answered the disco#info probe, as Openfire keeps it. */
    public Set<String> discoItems() {
        return new HashSet<>(discoItems);
    }

    @Override
    public void route(Packet packet) {
        JID to = packet.getTo();
        if (COMPONENT_MANAGER.equals(to)) {
            if (packet instanceof IQ && ((IQ) packet).getType() == IQ.Type.result) {
                discoItems.add(packet.getFrom().getDomain());
            }
            return;
        }
        if (packet instanceof IQ && to != null && to.toString().equals(DOMAIN)
            && ((IQ) packet).getType() == IQ.Type.get && ((IQ) packet).getChildElement() != null
            && DISCO_ITEMS.equals(((IQ) packet).getChildElement().getNamespaceURI())) {
            answerServerItems((IQ) packet);
            return;
        }
        Component component = to == null ? null : component(to.getDomain());
        if (component != null) {
            component.processPacket(packet);
        } else if (to != null && to.getNode() != null) {
            // A local user, or a remote one reached over server-to-server.
            Consumer<Packet> connections = users;
            if (connections != null) {
                connections.accept(packet);
            } else {
                inbox(to.toBareJID()).add(packet);
            }
        } else {
            unroutable.add(packet);
        }
    }

    /** The server's answer to disco#items, with result-set paging (max, after an index) when asked. */
    private void answerServerItems(IQ request) {
        IQ answer = IQ.createResultIQ(request);
        Element query = answer.setChildElement("query", DISCO_ITEMS);
        List<String> items = new ArrayList<>(new TreeSet<>(discoItems));
        Element set = request.getChildElement().element("set");
        int from = 0;
        int to = items.size();
        if (set != null) {
            from = set.elementText("index") == null ? 0 : Integer.parseInt(set.elementText("index"));
            to = set.elementText("max") == null ? to : Math.min(to, from + Integer.parseInt(set.elementText("max")));
        }
        for (String item : items.subList(Math.min(from, to), to)) {
            query.addElement("item").addAttribute("jid", item);
        }
        if (set != null) {
            Element result = query.addElement("set", "http://jabber.org/protocol/rsm");
            result.addElement("first").addAttribute("index", String.valueOf(from));
            result.addElement("count").setText(String.valueOf(items.size()));
        }
        // Like Openfire: interceptors run for its own sessions, not for stanzas routed to components.
        if (component(request.getFrom().getDomain()) == null) {
            for (Consumer<IQ> filter : iqFilters) {
                filter.accept(answer);
            }
        }
        route(answer);
    }

    /** The component of a domain: this node's, else another node's (where Openfire would forward the stanza). */
    private Component component(String domain) {
        Map<String, Component> routes = components.getOrDefault(domain, Map.of());
        Component local = routes.get(node.localNode());
        return local != null ? local : routes.values().stream().findFirst().orElse(null);
    }

    /** The server's items, as a user of this node asks for them (service discovery, disco#items). */
    public Set<String> serverItemsFor(String bareJid) throws InterruptedException {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(bareJid + "/phone");
        request.setTo(DOMAIN);
        request.setChildElement("query", DISCO_ITEMS);
        send(request);
        return itemJids(((IQ) next(bareJid)).getChildElement());
    }

    /** The addresses of the items of a disco#items answer. */
    public static Set<String> itemJids(Element query) {
        Set<String> jids = new HashSet<>();
        for (Element item : query.elements("item")) {
            jids.add(item.attributeValue("jid"));
        }
        return jids;
    }

    /** A chat message, as a user's client would send it. */
    public static Message message(String from, String to, String body) {
        Message message = new Message();
        message.setFrom(from);
        message.setTo(to);
        message.setBody(body);
        return message;
    }

    /** A user of the server sends a stanza: routed as Openfire would. */
    public void send(Packet packet) {
        route(packet);
    }

    /** Waits for the next stanza in a user's inbox, up to {@link Await#DEADLINE}; fails if none comes. */
    public Packet next(String bareJid) throws InterruptedException {
        Packet next = inbox(bareJid).poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("No stanza for " + bareJid + " within " + Await.DEADLINE.toSeconds() + " s");
        }
        return next;
    }

    /**
     * The next stanza in a user's inbox if one comes within the given time, else null: for a test that shows that
     * nothing comes (a positive wait uses {@link #next(String)}).
     */
    public Packet next(String bareJid, long timeoutMillis) throws InterruptedException {
        return inbox(bareJid).poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The error condition of a stanza, or null. */
    public static PacketError.Condition condition(Packet packet) {
        return packet.getError() == null ? null : packet.getError().getCondition();
    }

    /** Shown in assertion messages. */
    @Override
    public String toString() {
        Map<String, Set<String>> routed = new HashMap<>();
        components.forEach((domain, routes) -> routed.put(domain, new HashSet<>(routes.keySet())));
        Map<String, Integer> waiting = new HashMap<>();
        inboxes.forEach((jid, inbox) -> waiting.put(jid, inbox.size()));
        return "InMemoryOpenfire{node=" + node + ", routes=" + routed + ", inboxes=" + waiting + ", calls=" + calls()
            + "}";
    }
}
