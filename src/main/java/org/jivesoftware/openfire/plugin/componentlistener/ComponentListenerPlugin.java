package org.jivesoftware.openfire.plugin.componentlistener;

import java.io.File;
import java.util.function.Consumer;

import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.plugin.componentlistener.admin.StatusPage;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.PluginSettings;
import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenItemsFilter;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.ExternalComponentsWatcher;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireAdapter;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireProperties;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.PropertyWatcher;
import org.xmpp.packet.IQ;

/** Wires the listeners to Openfire on load and unwires them, in reverse order, on unload. */
public final class ComponentListenerPlugin implements Plugin {
    private OpenfireServer server;
    private ListenerManager listeners;
    private PropertyWatcher propertyWatcher;
    private Consumer<IQ> hiddenItems;
    private ExternalComponentsWatcher externalComponents;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        server = new OpenfireAdapter();
        PropertyStore properties = new OpenfireProperties();
        ListenerConfigs configs = new ListenerConfigs(properties);
        configs.defineDefaultListenerIfNone();
        // Hidden components are added back to the server's item list for those who may see them: in answers to
        // Openfire's own sessions (an interceptor) and to the plugin's components (their routes).
        hiddenItems = new HiddenItemsFilter(server.xmppDomain(), server::hiddenDomains,
            () -> PluginSettings.usersCanSeeHiddenServices(properties))::complete;

        listeners = new ListenerManager(server, hiddenItems);
        listeners.apply(configs.readAll());
        propertyWatcher = new PropertyWatcher(ListenerConfigs::isListenerProperty,
            () -> listeners.applySoon(configs.readAll()));
        propertyWatcher.start();
        server.addOutgoingIqFilter(hiddenItems);
        externalComponents = new ExternalComponentsWatcher(new ExternalComponentsWatcher.Reaction() {
            @Override
            public void blocked(String subdomain) {
                listeners.registry().revoke(subdomain, subdomain + " was blocked in the External Components settings");
            }

            @Override
            public void changed() {
                listeners.registry().revalidateSoon();
            }
        });
        externalComponents.start();
        StatusPage.publish(listeners);
    }

    @Override
    public void destroyPlugin() {
        StatusPage.publish(null);
        externalComponents.stop();
        server.removeOutgoingIqFilter(hiddenItems);
        propertyWatcher.stop();
        listeners.shutdown();
    }
}
