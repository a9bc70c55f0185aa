package org.jivesoftware.openfire.plugin.componentlistener;

import java.io.File;

import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.plugin.componentlistener.admin.StatusPage;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireAdapter;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireProperties;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.PropertyWatcher;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;

/** Wires the listeners to Openfire on load and unwires them, in reverse order, on unload. */
public final class ComponentListenerPlugin implements Plugin {
    private ListenerManager listeners;
    private PropertyWatcher propertyWatcher;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        OpenfireServer server = new OpenfireAdapter();
        ListenerConfigs configs = new ListenerConfigs(new OpenfireProperties());
        configs.defineDefaultListenerIfNone();

        listeners = new ListenerManager(server, new ComponentRegistry(server));
        listeners.apply(configs.readAll());
        propertyWatcher = new PropertyWatcher(ListenerConfigs::isListenerProperty,
            () -> listeners.applySoon(configs.readAll()));
        propertyWatcher.start();
        StatusPage.publish(listeners);
    }

    @Override
    public void destroyPlugin() {
        StatusPage.publish(null);
        propertyWatcher.stop();
        listeners.shutdown();
    }
}
