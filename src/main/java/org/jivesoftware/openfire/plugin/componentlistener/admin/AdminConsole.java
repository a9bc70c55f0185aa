package org.jivesoftware.openfire.plugin.componentlistener.admin;

import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireAdmin;

/**
 * What the admin console pages work on: the running listeners, the settings they are read from, the cluster's
 * nodes, and Openfire's admin services. The plugin publishes one while it is loaded; the pages' models take it from
 * here.
 */
public final class AdminConsole {
    private static volatile AdminConsole published;

    private final ListenerManager listeners;
    private final PropertyStore settings;
    private final OpenfireAdmin openfire;
    private final ClusterNode cluster;

    public AdminConsole(ListenerManager listeners, PropertyStore settings, OpenfireAdmin openfire,
                        ClusterNode cluster) {
        this.listeners = listeners;
        this.settings = settings;
        this.openfire = openfire;
        this.cluster = cluster;
    }

    /** Set while the plugin is loaded; null when it stops. */
    public static void publish(AdminConsole console) {
        published = console;
    }

    static AdminConsole current() {
        AdminConsole console = published;
        if (console == null) {
            throw new IllegalStateException("The Component Listener plugin is not running");
        }
        return console;
    }

    ListenerManager listeners() {
        return listeners;
    }

    PropertyStore settings() {
        return settings;
    }

    ListenerConfigs configs() {
        return new ListenerConfigs(settings);
    }

    OpenfireAdmin openfire() {
        return openfire;
    }

    ClusterNode cluster() {
        return cluster;
    }
}
