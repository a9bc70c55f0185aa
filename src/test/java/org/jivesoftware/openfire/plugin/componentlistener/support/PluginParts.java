package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.function.Consumer;
import java.util.function.Function;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterRelease;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenFlags;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.xmpp.packet.IQ;

/**
 * The plugin's long-lived parts in front of an {@link InMemoryOpenfire}, built as the plugin builds them (counters,
 * the Openfire calls' threads, hidden flags, registry, and on demand the listener manager) and taken down as it
 * does, in the reverse order.
 */
public final class PluginParts implements AutoCloseable {
    private static final long OPENFIRE_CALLS_WAIT_MILLIS = 5000;

    public final ListenerCounters counters = new ListenerCounters();
    public final OpenfireCalls openfireCalls =
        new OpenfireCalls(new DefaultThreadFactory(ListenerManager.THREAD_PREFIX + "-lookup", true));
    public final HiddenFlags hiddenFlags;
    /** Sees every IQ on its way to one of the components. */
    public final Consumer<IQ> iqFilter;
    public final ComponentRegistry registry;
    /** The grants, read from these properties (none unless a test sets some), and the users they apply to. */
    public final MapPropertyStore grantProperties = new MapPropertyStore();
    public final InMemoryUsers users;
    public final Privileges privileges;
    private final InMemoryOpenfire openfire;
    private ListenerManager listeners;

    /** @param iqFilter the filter of IQs to the components, made from the hidden flags as the plugin makes it */
    public PluginParts(InMemoryOpenfire openfire, Function<HiddenFlags, Consumer<IQ>> iqFilter) {
        this.openfire = openfire;
        this.hiddenFlags = new HiddenFlags(openfire.cluster());
        this.iqFilter = iqFilter.apply(hiddenFlags);
        this.registry = new ComponentRegistry(openfire, new ClusterRelease(openfire.cluster()), hiddenFlags, counters,
            openfireCalls, this.iqFilter);
        this.users = new InMemoryUsers(openfire);
        this.privileges = new Privileges(new GrantStore(grantProperties), openfire, users);
        users.addUserListener(privileges);
    }

    /** With IQs to the components passed through unchanged. */
    public PluginParts(InMemoryOpenfire openfire) {
        this(openfire, flags -> iq -> { });
    }

    /** The listener manager over these parts, made on the first call; {@link #close} shuts it down first. */
    public synchronized ListenerManager listeners() {
        if (listeners == null) {
            listeners = new ListenerManager(openfire, registry, counters, openfireCalls, privileges);
        }
        return listeners;
    }

    /**
     * Stops the listener manager if there is one, then the registry and the Openfire calls, once those asked for
     * (removing routes) are done. Without a manager, whoever stopped the listeners began the registry's shutdown.
     */
    @Override
    public synchronized void close() {
        if (listeners != null) {
            listeners.shutdown();
        }
        registry.close();
        openfireCalls.shutdown(OPENFIRE_CALLS_WAIT_MILLIS);
    }
}
