package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigResult;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.StreamError;

/**
 * All listeners of the plugin and the threads they share. Applies a set of listener definitions: a listener whose
 * definition is unchanged keeps running with its connections; one that changed is restarted; one that is gone is
 * stopped. A listener that cannot start is reported and does not stop the others.
 */
public final class ListenerManager {
    /** Prefix of every thread the plugin starts, so that they can be recognised in a thread dump. */
    public static final String THREAD_PREFIX = "componentlistener";
    /** The key of the number of connected components among the {@link #totals()}. */
    public static final String CONNECTED = "connected";
    private static final long RELOAD_DELAY_MILLIS = 250;
    /** How often TLS listeners look whether their certificate files were renewed. */
    private static final long CERTIFICATE_CHECK_SECONDS = 5;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ListenerManager.class);

    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final ListenerCounters counters;
    private final OpenfireCalls openfireCalls;
    private final Privileges privileges;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ScheduledExecutorService reconfiguration;
    private final Map<String, ListenerServer> running = new LinkedHashMap<>();
    private final Map<String, List<Message>> problems = new LinkedHashMap<>();
    private final AtomicReference<Collection<ListenerConfigResult>> pendingDefinitions = new AtomicReference<>();
    private boolean shutDown;
    /** Registered with Openfire, and removed, as this one instance. */
    private final Runnable certificateStoreChanged = this::certificateStoreChanged;

    /**
     * @param registry      the domains of every listener's components; it takes no new ones once the listeners stop
     * @param counters      what the listeners do, summed over all of them
     * @param openfireCalls where the connections make the Openfire calls that may block
     * @param privileges    what the components are granted (XEP-0356)
     */
    public ListenerManager(OpenfireServer server, ComponentRegistry registry, ListenerCounters counters,
                           OpenfireCalls openfireCalls, Privileges privileges) {
        this.server = server;
        this.registry = registry;
        this.counters = counters;
        this.openfireCalls = openfireCalls;
        this.privileges = privileges;
        this.acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory(THREAD_PREFIX + "-accept", true));
        this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory(THREAD_PREFIX + "-io", true));
        // Binding waits for the socket, which an event loop thread must never do: reconfiguration has its own.
        this.reconfiguration = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory(THREAD_PREFIX + "-config", true));
        reconfiguration.scheduleWithFixedDelay(() -> refreshCertificates(false), CERTIFICATE_CHECK_SECONDS,
            CERTIFICATE_CHECK_SECONDS, TimeUnit.SECONDS);
        server.addCertificateListener(certificateStoreChanged);
    }

    /** Openfire calls this on its own thread: the certificates are loaded on the plugin's. */
    private void certificateStoreChanged() {
        try {
            reconfiguration.execute(() -> refreshCertificates(true));
        } catch (RejectedExecutionException e) {
            // The plugin is stopping: no listener left to reload.
        }
    }

    /** Reloads, for new connections, every TLS certificate that may have changed. */
    private synchronized void refreshCertificates(boolean openfireStoreChanged) {
        for (ListenerServer listener : running.values()) {
            listener.refreshCertificate(openfireStoreChanged);
        }
    }

    /**
     * Brings the running listeners in line with the given definitions and says, per listener id, what that did
     * (removed listeners included).
     */
    public synchronized Map<String, ListenerChange> apply(Collection<ListenerConfigResult> definitions) {
        Map<String, ListenerChange> changes = new LinkedHashMap<>();
        if (shutDown) {
            return changes;
        }
        Map<String, ListenerConfigResult> wanted = new LinkedHashMap<>();
        for (ListenerConfigResult definition : definitions) {
            wanted.put(definition.id(), definition);
        }
        Map<String, Integer> disconnected = new LinkedHashMap<>();
        for (String id : new ArrayList<>(running.keySet())) {
            ListenerServer listener = running.get(id);
            Optional<ListenerConfig> next = Optional.ofNullable(wanted.get(id)).flatMap(ListenerConfigResult::config);
            if (next.isPresent() && next.get().sameBinding(listener.config())) {
                boolean changed = !next.get().equals(listener.config());
                if (changed) {
                    listener.update(next.get());
                    LOG.info("Component {} took new settings", next.get());
                }
                changes.put(id, new ListenerChange(id, changed ? ListenerChange.Kind.UPDATED
                    : ListenerChange.Kind.UNCHANGED, address(listener.config()), listener.connectedComponents(),
                    List.of()));
            } else {
                disconnected.put(id, stop(id, "The listener was reconfigured or removed"));
            }
        }
        problems.clear();
        for (ListenerConfigResult definition : wanted.values()) {
            String id = definition.id();
            int closed = disconnected.getOrDefault(id, 0);
            if (!definition.errors().isEmpty()) {
                report(id, definition.errors());
                changes.put(id, new ListenerChange(id, ListenerChange.Kind.FAILED, "", closed, definition.errors()));
            } else if (!changes.containsKey(id)) {
                ListenerConfig config = definition.config().orElseThrow();
                changes.put(id, config.enabled() ? start(config, disconnected.containsKey(id), closed)
                    : new ListenerChange(id, disconnected.containsKey(id) ? ListenerChange.Kind.STOPPED
                        : ListenerChange.Kind.UNCHANGED, "", closed, List.of()));
            }
        }
        disconnected.forEach((id, closed) -> changes.putIfAbsent(id,
            new ListenerChange(id, ListenerChange.Kind.STOPPED, "", closed, List.of())));
        return changes;
    }

    private ListenerChange start(ListenerConfig config, boolean wasRunning, int disconnected) {
        List<Message> failure = bind(config);
        if (!failure.isEmpty()) {
            report(config.id(), failure);
            return new ListenerChange(config.id(), ListenerChange.Kind.FAILED, "", disconnected, failure);
        }
        return new ListenerChange(config.id(), wasRunning ? ListenerChange.Kind.RESTARTED
            : ListenerChange.Kind.STARTED, address(config), disconnected, List.of());
    }

    /** Binds and registers the listener; returns why it could not, or nothing. */
    private List<Message> bind(ListenerConfig config) {
        if (config.password().isEmpty() && server.defaultSecret().isEmpty()) {
            return List.of(Message.of("error.listener.secret"));
        }
        ListenerServer listener = new ListenerServer(config, server, registry, counters, openfireCalls,
            privileges);
        try {
            listener.start(acceptors, workers);
            running.put(config.id(), listener);
            LOG.info("Component {} started", config);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Message.of("error.listener.interrupted"));
        } catch (ListenerServer.CannotStart e) {
            return List.of(e.reason());
        } catch (RuntimeException e) {
            return List.of(Message.of("error.listener.start", e.getMessage()));
        }
    }

    private static String address(ListenerConfig config) {
        return config.ipAddress() + ":" + config.port();
    }

    /** Stops the listener; returns how many connected components it disconnected. */
    private int stop(String id, String reason) {
        ListenerServer listener = running.remove(id);
        if (listener == null) {
            return 0;
        }
        int connected = listener.connectedComponents();
        listener.stop(StreamError.Condition.system_shutdown, reason);
        LOG.info("Component {} stopped", listener.config());
        return connected;
    }

    private void report(String id, List<Message> errors) {
        problems.put(id, List.copyOf(errors));
        LOG.error("Component listener '{}' does not start: {}", id, Message.english(errors));
    }

    /**
     * Applies the definitions a moment from now; later calls in the meantime replace them. A settings page writes
     * several properties in a row: waiting for the last of them restarts a changed listener once, not once per
     * property.
     */
    public void applySoon(Collection<ListenerConfigResult> definitions) {
        if (pendingDefinitions.getAndSet(definitions) == null) {
            reconfiguration.schedule(() -> apply(pendingDefinitions.getAndSet(null)), RELOAD_DELAY_MILLIS,
                TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops every listener and the threads they share; returns once they are gone. The registry is left to close to
     * whoever made it, once nothing uses it any more.
     */
    public void shutdown() {
        synchronized (this) {
            shutDown = true;
        }
        server.removeCertificateListener(certificateStoreChanged);
        // Outside the lock: a reconfiguration waiting for it must be able to finish (as a no-op).
        reconfiguration.shutdownNow();
        try {
            reconfiguration.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            // Domains kept for reconnecting components go first; the plugin will not be there to take them back.
            registry.beginShutdown();
            for (String id : new ArrayList<>(running.keySet())) {
                stop(id, "The Component Listener plugin is stopping");
            }
        }
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Closes the connections holding the domain, on whichever listener, with {@code policy-violation} and the text:
     * the one from {@code remoteAddress}, or (null) all of them. A fleet member's queue goes to the others; the last
     * one's domain goes at once, without reconnect grace. The stream errors are on their way before this returns;
     * the future completes once the connections are closed. Empty when no connection of the plugin matches.
     */
    public Optional<CompletableFuture<Void>> closeByAdmin(String domain, String remoteAddress, String text) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ListenerServer listener : listeners()) {
            closing.addAll(listener.closeByAdmin(domain, remoteAddress, text));
        }
        counters.add(ListenerCounters.Counter.KICKS, closing.size());
        return closing.isEmpty() ? Optional.empty()
            : Optional.of(CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])));
    }

    /** Components connected to any listener that hold a domain. */
    public synchronized int connectedComponents() {
        int connected = 0;
        for (ListenerServer listener : running.values()) {
            connected += listener.connectedComponents();
        }
        return connected;
    }

    /** The running listeners, in definition order. */
    public synchronized List<ListenerServer> listeners() {
        return new ArrayList<>(running.values());
    }

    /** Why listeners are not running, by listener id. */
    public synchronized Map<String, List<Message>> problems() {
        return new LinkedHashMap<>(problems);
    }

    /**
     * By id, each listener that runs or failed, with its problems (why it failed; for a running one, a renewed
     * certificate it could not load). Listeners neither running nor failed are left out.
     */
    public synchronized Map<String, ListenerState> states() {
        Map<String, ListenerState> states = new LinkedHashMap<>();
        running.forEach((id, listener) -> states.put(id, new ListenerState(ListenerState.RUNNING,
            listener.certificateProblem().map(List::of).orElse(List.of()))));
        problems.forEach((id, failure) -> states.put(id, new ListenerState(ListenerState.FAILED, failure)));
        return states;
    }

    /** Every authenticated component of every running listener. */
    public List<SessionSnapshot> authenticatedSessions() {
        List<SessionSnapshot> snapshots = new ArrayList<>();
        for (ListenerServer listener : listeners()) {
            for (SessionSnapshot session : listener.sessions()) {
                if (session.isAuthenticated()) {
                    snapshots.add(session);
                }
            }
        }
        return snapshots;
    }

    /** The components connected now ({@link #CONNECTED}) and the totals since the plugin started, by key. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put(CONNECTED, (long) connectedComponents());
        for (ListenerCounters.Counter counter : ListenerCounters.Counter.values()) {
            totals.put(counter.key(), counters.get(counter));
        }
        return totals;
    }
}
