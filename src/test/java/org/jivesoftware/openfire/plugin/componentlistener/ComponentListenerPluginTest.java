package org.jivesoftware.openfire.plugin.componentlistener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.XMPPServerInfo;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.stats.StatisticsManager;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireStatistics;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.MockedStatic;

/**
 * The plugin class against Openfire's real 4.2.0 classes (static methods mocked): wiring and unwiring. Static mocks
 * hold only on the test's thread, so components connecting through the event loop are covered by
 * ListenerManagerTest with the in-memory server instead.
 */
class ComponentListenerPluginTest {
    private final Map<String, String> properties = new ConcurrentHashMap<>();
    private final List<PropertyEventListener> propertyListeners = new ArrayList<>();
    private final List<AutoCloseable> mocks = new ArrayList<>();
    private final InterceptorManager interceptors = mock(InterceptorManager.class);
    private MockedStatic<ExternalComponentManager> ecm;

    @BeforeEach
    void mockOpenfire() {
        ecm = mockStatic(ExternalComponentManager.class);
        ecm.when(ExternalComponentManager::getDefaultSecret).thenReturn("default-secret");
        MockedStatic<JiveGlobals> jive = mockStatic(JiveGlobals.class);
        jive.when(() -> JiveGlobals.getProperty(anyString())).thenAnswer(call -> properties.get(call.getArgument(0)));
        jive.when(() -> JiveGlobals.setProperty(anyString(), anyString())).thenAnswer(call ->
            properties.put(call.getArgument(0), call.getArgument(1)));
        MockedStatic<PropertyEventDispatcher> dispatcher = mockStatic(PropertyEventDispatcher.class);
        dispatcher.when(() -> PropertyEventDispatcher.addListener(any())).thenAnswer(call ->
            propertyListeners.add(call.getArgument(0)));
        dispatcher.when(() -> PropertyEventDispatcher.removeListener(any())).thenAnswer(call ->
            propertyListeners.remove(call.<PropertyEventListener>getArgument(0)));
        XMPPServer xmppServer = mock(XMPPServer.class);
        XMPPServerInfo info = mock(XMPPServerInfo.class);
        when(xmppServer.getServerInfo()).thenReturn(info);
        when(info.getXMPPDomain()).thenReturn("example.org");
        MockedStatic<XMPPServer> server = mockStatic(XMPPServer.class);
        server.when(XMPPServer::getInstance).thenReturn(xmppServer);
        MockedStatic<InterceptorManager> interceptorStatic = mockStatic(InterceptorManager.class);
        interceptorStatic.when(InterceptorManager::getInstance).thenReturn(interceptors);
        mocks.addAll(List.of(ecm, jive, dispatcher, server, interceptorStatic));
    }

    @AfterEach
    void release() throws Exception {
        for (AutoCloseable mock : mocks) {
            mock.close();
        }
    }

    @Test
    void firstInstallDefinesTheDefaultListener() {
        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        try {
            assertEquals("default", properties.get(ListenerConfigs.LISTENERS));
            assertEquals("8888", properties.get(ListenerConfigs.propertyName("default", ListenerOption.PORT)));
            assertEquals("127.0.0.1", properties.get(ListenerConfigs.propertyName("default",
                ListenerOption.IP_ADDRESS)));
        } finally {
            plugin.destroyPlugin();
        }
    }

    @Test
    void startOpensThePortAndStopUndoesEverything() throws Exception {
        int port = Ports.free();
        properties.put(ListenerConfigs.LISTENERS, "main");
        properties.put(ListenerConfigs.propertyName("main", ListenerOption.PORT), String.valueOf(port));

        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        assertTrue(Ports.isOpen(port));
        assertEquals(1, propertyListeners.size(), "listens for changes of its properties");
        StatisticsManager statistics = StatisticsManager.getInstance();
        for (String key : List.of("connected", "stanzas_in", "bounced")) {
            assertNotNull(statistics.getStatistic(OpenfireStatistics.KEY_PREFIX + key), key + " is published");
        }

        plugin.destroyPlugin();
        assertFalse(Ports.isOpen(port));
        assertTrue(propertyListeners.isEmpty(), "the property listener is removed");
        assertTrue(statistics.getAllStatistics().stream()
            .noneMatch(entry -> entry.getKey().startsWith(OpenfireStatistics.KEY_PREFIX)), "statistics are removed");
        ArgumentCaptor<PacketInterceptor> added = ArgumentCaptor.forClass(PacketInterceptor.class);
        verify(interceptors).addInterceptor(added.capture());
        verify(interceptors).removeInterceptor(added.getValue());
        ecm.verify(() -> ExternalComponentManager.addListener(any()));
        ecm.verify(() -> ExternalComponentManager.removeListener(any()));
        assertEquals(List.of(), Ports.pluginThreads(), "no thread of the plugin is left");
    }

    @Test
    void propertyChangesApplyWhileRunning() throws Exception {
        int port = Ports.free();
        properties.put(ListenerConfigs.LISTENERS, "main");
        // The change is applied on the plugin's own thread, where the static mocks do not hold: no lookups there.
        properties.put(ListenerConfigs.propertyName("main", ListenerOption.PASSWORD), "own-secret");
        properties.put(ListenerConfigs.propertyName("main", ListenerOption.PORT), String.valueOf(port));
        ComponentListenerPlugin plugin = new ComponentListenerPlugin();
        plugin.initializePlugin(mock(PluginManager.class), new File("."));
        try {
            int newPort = Ports.free();
            String name = ListenerConfigs.propertyName("main", ListenerOption.PORT);
            properties.put(name, String.valueOf(newPort));
            propertyListeners.get(0).propertySet(name, Map.of());
            long deadline = System.currentTimeMillis() + 5000;
            while (!Ports.isOpen(newPort) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Ports.isOpen(newPort));
            assertFalse(Ports.isOpen(port));
        } finally {
            plugin.destroyPlugin();
        }
    }
}
