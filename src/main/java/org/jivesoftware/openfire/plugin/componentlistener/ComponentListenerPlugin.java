package org.jivesoftware.openfire.plugin.componentlistener;

import java.io.File;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.plugin.componentlistener.admin.AdminConsole;
import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterRelease;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.PluginSettings;
import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenFlags;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenItemsFilter;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.ExternalComponentsWatcher;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireAdapter;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireAdminAdapter;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireProperties;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireStatistics;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireUsers;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.PropertyWatcher;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.port.UserServices;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.xmpp.packet.IQ;

/**
 * Builds every long-lived part of the plugin once, on load, and hands each to the parts that need it; on unload it
 * takes them down in the reverse order.
 */
public final class ComponentListenerPlugin implements Plugin {
    /** How long stopping waits for Openfire calls already asked for (removing the components' routes). */
    private static final long OPENFIRE_CALLS_WAIT_MILLIS = 5000;
    private final Supplier<OpenfireServer> openfire;
    private final Supplier<PropertyStore> settings;
    private final Supplier<UserServices> localUsers;
    private OpenfireServer server;
    private UserServices users;
    private Privileges privileges;
    private OpenfireCalls openfireCalls;
    private ComponentRegistry registry;
    private ListenerManager listeners;
    private ClusterNode clusterNode;
    private PropertyWatcher propertyWatcher;
    private Consumer<IQ> hiddenItems;
    private ExternalComponentsWatcher externalComponents;
    private OpenfireStatistics statistics;

    public ComponentListenerPlugin() {
        this(OpenfireAdapter::new, OpenfireProperties::new, OpenfireUsers::new);
    }

    /** With Openfire's routing, system properties and users behind the plugin's own interfaces, as tests give them. */
    ComponentListenerPlugin(Supplier<OpenfireServer> openfire, Supplier<PropertyStore> settings,
                            Supplier<UserServices> users) {
        this.openfire = openfire;
        this.settings = settings;
        this.localUsers = users;
    }

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        server = openfire.get();
        PropertyStore properties = settings.get();
        ListenerConfigs configs = new ListenerConfigs(properties);
        configs.defineDefaultListenerIfNone();
        ListenerCounters counters = new ListenerCounters();
        openfireCalls = new OpenfireCalls(new DefaultThreadFactory(ListenerManager.THREAD_PREFIX + "-lookup", true));
        HiddenFlags hiddenFlags = new HiddenFlags(server.cluster());
        // Hidden components are added back to the server's item list for those who may see them: in answers to
        // Openfire's own sessions (an interceptor) and to the plugin's components (their routes).
        hiddenItems = new HiddenItemsFilter(server.xmppDomain(), hiddenFlags::domains,
            () -> PluginSettings.usersCanSeeHiddenServices(properties))::complete;
        registry = new ComponentRegistry(server, new ClusterRelease(server.cluster()), hiddenFlags, counters,
            openfireCalls, hiddenItems);
        users = localUsers.get();
        privileges = new Privileges(new GrantStore(properties), server, users);
        users.addUserListener(privileges);
        listeners = new ListenerManager(server, registry, counters, openfireCalls, privileges);
        clusterNode = new ClusterNode(server.cluster(), listeners, registry, hiddenFlags);
        // Other nodes get answers about this node's domains before any component can register one here.
        clusterNode.start();
        listeners.apply(configs.readAll());
        // Grants are plugin properties too: a change reloads them (advertised only where they changed) and leaves
        // the listeners as they are (applying unchanged definitions changes nothing).
        propertyWatcher = new PropertyWatcher(ListenerConfigs::isListenerProperty, () -> {
            privileges.reload();
            listeners.applySoon(configs.readAll());
        });
        propertyWatcher.start();
        server.addOutgoingIqFilter(hiddenItems);
        externalComponents = new ExternalComponentsWatcher(clusterNode);
        externalComponents.start();
        statistics = new OpenfireStatistics();
        statistics.addGauge(ListenerManager.CONNECTED, "components", listeners::connectedComponents);
        for (ListenerCounters.Counter counter : ListenerCounters.Counter.values()) {
            statistics.addTotal(counter.key(), counter.units(), () -> counters.get(counter));
        }
        AdminConsole.publish(new AdminConsole(listeners, properties, new OpenfireAdminAdapter(), clusterNode));
    }

    @Override
    public void destroyPlugin() {
        AdminConsole.publish(null);
        statistics.removeAll();
        externalComponents.stop();
        server.removeOutgoingIqFilter(hiddenItems);
        propertyWatcher.stop();
        clusterNode.stop();
        // The listeners go with the connections they serve; then nothing uses the registry or the Openfire calls.
        listeners.shutdown();
        users.removeUserListener(privileges);
        registry.close();
        openfireCalls.shutdown(OPENFIRE_CALLS_WAIT_MILLIS);
    }
}
