package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerServer;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.xmpp.packet.IQ;
import org.xmpp.packet.StreamError;

/** One listener on an ephemeral loopback port, in front of an {@link InMemoryOpenfire}. */
public final class ListenerFixture implements AutoCloseable {
    public static final String SECRET = "s3cret";
    private static final int EVENT_LOOPS = 2;

    private final EventLoopGroup group;
    private final PluginParts parts;
    private final boolean ownsParts;
    private final ListenerServer listener;
    private boolean closed;

    private ListenerFixture(ListenerConfig config, InMemoryOpenfire openfire, PluginParts parts, boolean ownsParts,
                            int eventLoops) throws InterruptedException {
        this.group = new NioEventLoopGroup(eventLoops);
        this.parts = parts;
        this.ownsParts = ownsParts;
        listener = new ListenerServer(config.withPort(0), openfire, parts.registry, parts.counters,
            parts.openfireCalls, parts.privileges);
        listener.start(group, group);
    }

    /** A second listener in front of the same server and registry, as a plugin with two listeners has. */
    public ListenerFixture beside(InMemoryOpenfire openfire, Map<String, String> options)
        throws InterruptedException {
        return new ListenerFixture(config("second", options), openfire, parts, false, EVENT_LOOPS);
    }

    /** A listener with password {@link #SECRET} and the given options (option key to value) on top of defaults. */
    public static ListenerFixture start(InMemoryOpenfire openfire, Map<String, String> options)
        throws InterruptedException {
        return start(openfire, options, Map.of());
    }

    /** As {@link #start(InMemoryOpenfire, Map)}, with more plugin properties (full names), e.g. shapers. */
    public static ListenerFixture start(InMemoryOpenfire openfire, Map<String, String> options,
                                        Map<String, String> properties) throws InterruptedException {
        return new ListenerFixture(config("test", options, properties), openfire, new PluginParts(openfire), true,
            EVENT_LOOPS);
    }

    /**
     * As {@link #start(InMemoryOpenfire, Map)}, with every connection on one event loop: whatever holds up one
     * connection holds up all of them, so that a test sees it on any.
     */
    public static ListenerFixture startOnOneEventLoop(InMemoryOpenfire openfire, Map<String, String> options)
        throws InterruptedException {
        return new ListenerFixture(config("test", options), openfire, new PluginParts(openfire), true, 1);
    }

    /** A listener whose registry passes every IQ on its way to a component through the filter, as the plugin's. */
    public static ListenerFixture startFiltering(InMemoryOpenfire openfire, Map<String, String> options,
                                                 Consumer<IQ> iqFilter) throws InterruptedException {
        return new ListenerFixture(config("test", options), openfire, new PluginParts(openfire, flags -> iqFilter),
            true, EVENT_LOOPS);
    }

    public static ListenerFixture start(InMemoryOpenfire openfire) throws InterruptedException {
        return start(openfire, Map.of());
    }

    /** A validated listener definition, as the plugin reads it from properties. */
    public static ListenerConfig config(String id, Map<String, String> options) {
        return config(id, options, Map.of());
    }

    /** A validated listener definition, with more plugin properties (full names) set beside it. */
    public static ListenerConfig config(String id, Map<String, String> options, Map<String, String> properties) {
        MapPropertyStore store = new MapPropertyStore();
        properties.forEach(store::set);
        store.set(ListenerConfigs.LISTENERS, id);
        store.set(ListenerConfigs.propertyName(id, ListenerOption.PASSWORD), SECRET);
        options.forEach((key, value) -> store.set(ListenerConfigs.PREFIX + "listener." + id + "." + key, value));
        return new ListenerConfigs(store).read(id).config()
            .orElseThrow(() -> new IllegalArgumentException("invalid options " + options));
    }

    public int port() {
        return listener.boundPort();
    }

    public ListenerServer listener() {
        return listener;
    }

    /** The parts the listener runs with: the grants' properties, the users and the privileges among them. */
    public PluginParts parts() {
        return parts;
    }

    public ComponentRegistry registry() {
        return parts.registry;
    }

    /** What the listener (and any beside it) did. */
    public ListenerCounters counters() {
        return parts.counters;
    }

    /** Waits until the listener has this many connections: a dropped one is gone once the server has noticed. */
    public void awaitConnections(int count) {
        Await.until(count + " connections", () -> listener.sessions().size() == count,
            () -> "found " + listener.sessions().size());
    }

    /**
     * Stops the listener; the registry and its threads too, unless another fixture shares them (see {@link #beside}). Once only: a
     * test may stop it to check what stopping does, and {@link Listeners} stops it again after the test.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsParts) {
            parts.registry.beginShutdown();
        }
        listener.stop(StreamError.Condition.system_shutdown, "test over");
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownsParts) {
            parts.close();
        }
    }
}
