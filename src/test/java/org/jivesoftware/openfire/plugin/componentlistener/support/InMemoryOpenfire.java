package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * An in-memory stand-in for Openfire behind the plugin's port: routes between simulated users (one inbox each) and
 * registered components, keeps the External Components settings, and records every registration.
 */
public final class InMemoryOpenfire implements OpenfireServer {
    public static final String DOMAIN = "example.org";
    public static final JID COMPONENT_MANAGER = new JID("component." + DOMAIN);
    private static final AtomicLong PROBE_IDS = new AtomicLong();

    private final Set<String> discoItems = ConcurrentHashMap.newKeySet();
    private final Set<String> hiddenDomains = ConcurrentHashMap.newKeySet();
    private final List<Consumer<IQ>> iqFilters = new CopyOnWriteArrayList<>();

    private final Map<String, Component> components = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Packet>> inboxes = new ConcurrentHashMap<>();
    private final Set<String> serverOwned = ConcurrentHashMap.newKeySet();
    private final Set<String> nativeSessions = ConcurrentHashMap.newKeySet();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> subdomainSecrets = new ConcurrentHashMap<>();
    private final Set<JID> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<JID>> groups = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final BlockingQueue<Packet> unroutable = new LinkedBlockingQueue<>();
    private final List<Runnable> certificateListeners = new CopyOnWriteArrayList<>();
    private volatile KeyStore identityStore;
    private volatile char[] identityStorePassword;
    private volatile List<String> componentTlsProtocols = List.of();
    private volatile List<String> componentTlsCipherSuites = List.of();
    private volatile String defaultSecret;
    private volatile boolean discoProbes = true;
    private volatile long unregisterMillis;
    private volatile long directoryMillis;

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

    /** The outgoing IQ filters added (Openfire's packet interceptors) and not removed. */
    public int outgoingIqFilters() {
        return iqFilters.size();
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
        synchronized (this) {
            calls.add("kick native " + domain + ": " + reason);
        }
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> nativeSessions.remove(domain));
        return true;
    }

    /** Like Openfire's component manager: registers, then asks the component for its disco#info at once. */
    @Override
    public void register(String subdomain, Component component) throws ComponentException {
        String domain = subdomain + "." + DOMAIN;
        synchronized (this) {
            if (components.putIfAbsent(domain, component) != null) {
                throw new ComponentException("already registered: " + domain);
            }
            calls.add("register " + subdomain);
        }
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
        synchronized (this) {
            if (components.remove(domain, component)) {
                discoItems.remove(domain);
            }
            calls.add("unregister " + subdomain);
        }
    }

    @Override
    public JID componentManagerAddress() {
        return COMPONENT_MANAGER;
    }

    @Override
    public void setHidden(String domain, boolean hidden) {
        if (hidden) {
            hiddenDomains.add(domain);
        } else {
            hiddenDomains.remove(domain);
        }
    }

    @Override
    public Set<String> hiddenDomains() {
        return new HashSet<>(hiddenDomains);
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
            && "http://jabber.org/protocol/disco#items".equals(((IQ) packet).getChildElement().getNamespaceURI())) {
            answerServerItems((IQ) packet);
            return;
        }
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

    /** The server's answer to disco#items, with result-set paging (max, after an index) when asked. */
    private void answerServerItems(IQ request) {
        IQ answer = IQ.createResultIQ(request);
        Element query = answer.setChildElement("query", "http://jabber.org/protocol/disco#items");
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
        if (!components.containsKey(request.getFrom().getDomain())) {
            for (Consumer<IQ> filter : iqFilters) {
                filter.accept(answer);
            }
        }
        route(answer);
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
