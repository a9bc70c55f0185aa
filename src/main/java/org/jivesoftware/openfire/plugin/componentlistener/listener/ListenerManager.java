package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigResult;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.StreamError;

/**
 * All listeners of the plugin and the threads they share. Applies a set of listener definitions: a listener whose
 * definition is unchanged keeps running with its connections; one that changed is restarted; one that is gone is
 * stopped. A listener that cannot start is reported and does not stop the others.
 */
public final class ListenerManager {
    /** Prefix of every thread the plugin starts, so that they can be recognised in a thread dump. */
    public static final String THREAD_PREFIX = "componentlistener";
    private static final long RELOAD_DELAY_MILLIS = 250;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ListenerManager.class);

    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ScheduledExecutorService reconfiguration;
    private final Map<String, ListenerServer> running = new LinkedHashMap<>();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private final AtomicReference<Collection<ListenerConfigResult>> pendingDefinitions = new AtomicReference<>();
    private boolean shutDown;

    /** @param iqFilter sees every IQ on its way to one of the plugin's components (see {@link ComponentRegistry}) */
    public ListenerManager(OpenfireServer server, Consumer<IQ> iqFilter) {
        this.server = server;
        this.registry = new ComponentRegistry(server, iqFilter);
        this.acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory(THREAD_PREFIX + "-accept", true));
        this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory(THREAD_PREFIX + "-io", true));
        // Binding waits for the socket, which an event loop thread must never do: reconfiguration has its own.
        this.reconfiguration = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory(THREAD_PREFIX + "-config", true));
    }

    /** Brings the running listeners in line with the given definitions. */
    public synchronized void apply(Collection<ListenerConfigResult> definitions) {
        if (shutDown) {
            return;
        }
        Map<String, ListenerConfigResult> wanted = new LinkedHashMap<>();
        for (ListenerConfigResult definition : definitions) {
            wanted.put(definition.id(), definition);
        }
        for (String id : new ArrayList<>(running.keySet())) {
            ListenerServer listener = running.get(id);
            Optional<ListenerConfig> next = Optional.ofNullable(wanted.get(id)).flatMap(ListenerConfigResult::config);
            if (next.isPresent() && next.get().sameBinding(listener.config())) {
                if (!next.get().equals(listener.config())) {
                    listener.update(next.get());
                    LOG.info("Component {} took new settings", next.get());
                }
            } else {
                stop(id, "The listener was reconfigured or removed");
            }
        }
        problems.clear();
        for (ListenerConfigResult definition : wanted.values()) {
            if (!definition.errors().isEmpty()) {
                report(definition.id(), definition.errors());
            } else {
                ListenerConfig config = definition.config().orElseThrow();
                if (config.enabled() && !running.containsKey(config.id())) {
                    start(config);
                }
            }
        }
    }

    private void start(ListenerConfig config) {
        if (config.password().isEmpty() && server.defaultSecret().isEmpty()) {
            report(config.id(), List.of("no password is set and Openfire has no default component secret"
                + " (xmpp.component.defaultSecret)"));
            return;
        }
        ListenerServer listener = new ListenerServer(config, server, registry);
        try {
            listener.start(acceptors, workers);
            running.put(config.id(), listener);
            LOG.info("Component {} started", config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(config.id(), List.of("interrupted while binding"));
        } catch (RuntimeException e) {
            report(config.id(), List.of(e.getMessage()));
        }
    }

    private void stop(String id, String reason) {
        ListenerServer listener = running.remove(id);
        if (listener != null) {
            listener.stop(StreamError.Condition.system_shutdown, reason);
            LOG.info("Component {} stopped", listener.config());
        }
    }

    private void report(String id, List<String> errors) {
        problems.put(id, List.copyOf(errors));
        LOG.error("Component listener '{}' does not start: {}", id, String.join("; ", errors));
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

    /** Stops every listener and the plugin's threads; returns once they are gone. */
    public void shutdown() {
        synchronized (this) {
            shutDown = true;
        }
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
        registry.close();
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The domains of every listener, for those who must reach the connected components. */
    public ComponentRegistry registry() {
        return registry;
    }

    /** The running listeners, in definition order. */
    public synchronized List<ListenerServer> listeners() {
        return new ArrayList<>(running.values());
    }

    /** Why listeners are not running, by listener id. */
    public synchronized Map<String, List<String>> problems() {
        return new LinkedHashMap<>(problems);
    }
}
