package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.admin.AdminConsole;
import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;

/**
 * What the admin pages work on, as the plugin publishes it: real listeners in front of the in-memory Openfire,
 * settings in a map, and Openfire's admin services recorded.
 */
public final class ConsoleFixture implements AutoCloseable {
    public final InMemoryOpenfire openfire = new InMemoryOpenfire().defaultSecret("default");
    public final MapPropertyStore settings = new MapPropertyStore();
    public final RecordingOpenfireAdmin admin = new RecordingOpenfireAdmin(openfire);
    public final ListenerConfigs configs = new ListenerConfigs(settings);
    private final PluginParts parts = new PluginParts(openfire);
    public final ListenerManager listeners = parts.listeners();
    private final ClusterNode clusterNode = new ClusterNode(openfire.cluster(), listeners, parts.registry,
        parts.hiddenFlags);

    public ConsoleFixture() {
        clusterNode.start();
        AdminConsole.publish(new AdminConsole(listeners, settings, admin, clusterNode));
    }

    /** Defines a listener with password {@link ListenerFixture#SECRET} on the port and applies it. */
    public void listener(String id, int port, Map<ListenerOption, String> options) {
        configs.save(id, Map.of(ListenerOption.PORT, String.valueOf(port), ListenerOption.PASSWORD,
            ListenerFixture.SECRET));
        configs.save(id, options);
        listeners.apply(configs.readAll());
    }

    public ComponentRegistry registry() {
        return parts.registry;
    }

    public ListenerCounters counters() {
        return parts.counters;
    }

    @Override
    public void close() {
        AdminConsole.publish(null);
        clusterNode.stop();
        parts.close();
    }
}
