package org.jivesoftware.openfire.plugin.componentlistener.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.XMPPServerInfo;
import org.jivesoftware.openfire.cluster.ClusterEventListener;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.component.ExternalComponentManagerListener;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;
import org.mockito.MockedStatic;

/**
 * Openfire's singletons and static services as the plugin class meets them, mocked on the creating thread only
 * (Mockito's static mocks hold there): system properties in a map, a default component secret, the XMPP domain
 * {@value InMemoryOpenfire#DOMAIN}, no cluster, and the listeners the plugin adds recorded until it removes them.
 */
public final class OpenfireStatics implements AutoCloseable {
    public static final String DEFAULT_SECRET = "default-secret";

    public final Map<String, String> properties = new ConcurrentHashMap<>();
    public final List<PropertyEventListener> propertyListeners = new CopyOnWriteArrayList<>();
    public final List<ExternalComponentManagerListener> componentListeners = new CopyOnWriteArrayList<>();
    public final InterceptorManager interceptors = mock(InterceptorManager.class);
    public final List<ClusterEventListener> clusterListeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> mocks = new ArrayList<>();

    public OpenfireStatics() {
        // First: the class's static set-up listens for properties, which must not count as the plugin's listener.
        MockedStatic<ClusterManager> cluster = mockStatic(ClusterManager.class);
        cluster.when(() -> ClusterManager.addListener(any())).thenAnswer(call ->
            clusterListeners.add(call.getArgument(0)));
        cluster.when(() -> ClusterManager.removeListener(any())).thenAnswer(call ->
            clusterListeners.remove(call.<ClusterEventListener>getArgument(0)));
        MockedStatic<ExternalComponentManager> ecm = mockStatic(ExternalComponentManager.class);
        ecm.when(ExternalComponentManager::getDefaultSecret).thenReturn(DEFAULT_SECRET);
        ecm.when(() -> ExternalComponentManager.addListener(any())).thenAnswer(call ->
            componentListeners.add(call.getArgument(0)));
        ecm.when(() -> ExternalComponentManager.removeListener(any())).thenAnswer(call ->
            componentListeners.remove(call.<ExternalComponentManagerListener>getArgument(0)));
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
        when(info.getXMPPDomain()).thenReturn(InMemoryOpenfire.DOMAIN);
        MockedStatic<XMPPServer> server = mockStatic(XMPPServer.class);
        server.when(XMPPServer::getInstance).thenReturn(xmppServer);
        MockedStatic<InterceptorManager> interceptorStatic = mockStatic(InterceptorManager.class);
        interceptorStatic.when(InterceptorManager::getInstance).thenReturn(interceptors);
        mocks.addAll(List.of(ecm, jive, dispatcher, server, interceptorStatic, cluster));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable mock : mocks) {
            mock.close();
        }
    }
}
