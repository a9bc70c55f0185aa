package org.jivesoftware.openfire.plugin.componentlistener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.stats.StatisticsManager;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireStatistics;
import org.jivesoftware.openfire.plugin.componentlistener.support.OpenfireStatics;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The plugin class against Openfire's real 4.2.0 classes (static methods mocked): wiring and unwiring. Static mocks
 * hold only on the test's thread, so components connecting through the event loop are covered by
 * PluginLifecycleTest, with the in-memory server behind the plugin instead.
 */
class ComponentListenerPluginTest {
    private final OpenfireStatics openfire = new OpenfireStatics();

    @AfterEach
    void release() throws Exception {
        openfire.close();
    }

    @Test
    void firstInstallDefinesTheDefaultListener() {
        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        try {
            assertEquals("default", openfire.properties.get(ListenerConfigs.LISTENERS));
            assertEquals("8888", openfire.properties.get(ListenerConfigs.propertyName("default",
                ListenerOption.PORT)));
            assertEquals("127.0.0.1", openfire.properties.get(ListenerConfigs.propertyName("default",
                ListenerOption.IP_ADDRESS)));
        } finally {
            plugin.destroyPlugin();
        }
    }

    @Test
    void startOpensThePortAndStopUndoesEverything() throws Exception {
        int port = Ports.free();
        openfire.properties.put(ListenerConfigs.LISTENERS, "main");
        openfire.properties.put(ListenerConfigs.propertyName("main", ListenerOption.PORT), String.valueOf(port));

        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        assertTrue(Ports.isOpen(port));
        assertEquals(1, openfire.propertyListeners.size(), "listens for changes of its properties");
        assertEquals(1, openfire.componentListeners.size(), "listens for changes of External Components settings");
        assertEquals(1, openfire.clusterListeners.size(), "listens for nodes leaving the cluster");
        StatisticsManager statistics = StatisticsManager.getInstance();
        for (String key : List.of("connected", "stanzas_in", "bounced")) {
            assertNotNull(statistics.getStatistic(OpenfireStatistics.KEY_PREFIX + key), key + " is published");
        }

        plugin.destroyPlugin();
        assertFalse(Ports.isOpen(port));
        assertTrue(openfire.propertyListeners.isEmpty(), "the property listener is removed");
        assertTrue(statistics.getAllStatistics().stream()
            .noneMatch(entry -> entry.getKey().startsWith(OpenfireStatistics.KEY_PREFIX)), "statistics are removed");
        ArgumentCaptor<PacketInterceptor> added = ArgumentCaptor.forClass(PacketInterceptor.class);
        // The hidden-items filter, and the users' presences for privileged components.
        verify(openfire.interceptors, times(2)).addInterceptor(added.capture());
        for (PacketInterceptor interceptor : added.getAllValues()) {
            verify(openfire.interceptors).removeInterceptor(interceptor);
        }
        assertTrue(openfire.componentListeners.isEmpty(), "the External Components listener is removed");
        assertTrue(openfire.clusterListeners.isEmpty(), "the cluster listener is removed");
        assertEquals(List.of(), Ports.pluginThreads(), "no thread of the plugin is left");
    }

    @Test
    void propertyChangesApplyWhileRunning() throws Exception {
        int port = Ports.free();
        openfire.properties.put(ListenerConfigs.LISTENERS, "main");
        // The change is applied on the plugin's own thread, where the static mocks do not hold: no lookups there.
        openfire.properties.put(ListenerConfigs.propertyName("main", ListenerOption.PASSWORD), "own-secret");
        openfire.properties.put(ListenerConfigs.propertyName("main", ListenerOption.PORT), String.valueOf(port));
        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        try {
            int newPort = Ports.free();
            String name = ListenerConfigs.propertyName("main", ListenerOption.PORT);
            openfire.properties.put(name, String.valueOf(newPort));
            openfire.propertyListeners.get(0).propertySet(name, Map.of());
            Await.until("the listener on its new port", () -> Ports.isOpen(newPort));
            assertFalse(Ports.isOpen(port));
        } finally {
            plugin.destroyPlugin();
        }
    }
}
