package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jivesoftware.openfire.PacketRouter;
import org.jivesoftware.openfire.SessionManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.XMPPServerInfo;
import org.jivesoftware.openfire.admin.AdminManager;
import org.jivesoftware.openfire.cluster.NodeID;
import org.jivesoftware.openfire.component.ExternalComponentConfiguration;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.group.Group;
import org.jivesoftware.openfire.group.GroupManager;
import org.jivesoftware.openfire.group.GroupNotFoundException;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.keystore.CertificateStoreConfiguration;
import org.jivesoftware.openfire.keystore.CertificateStoreManager;
import org.jivesoftware.openfire.keystore.IdentityStore;
import org.jivesoftware.openfire.session.ComponentSession;
import org.jivesoftware.openfire.spi.ConnectionType;
import org.jivesoftware.util.CertificateEventListener;
import org.jivesoftware.util.CertificateManager;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.MockedStatic;
import org.xmpp.component.Component;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** The adapter against Openfire's real 4.2.0 classes: the exact calls it makes. */
class OpenfireAdapterTest {
    private MockedStatic<XMPPServer> xmppServerStatic;
    private MockedStatic<InternalComponentManager> icmStatic;
    private MockedStatic<ExternalComponentManager> ecm;
    private InternalComponentManager icm;
    private PacketRouter router;
    private final OpenfireAdapter adapter = new OpenfireAdapter();
    private final Component component = mock(Component.class);

    @BeforeEach
    void mockOpenfire() {
        XMPPServer server = mock(XMPPServer.class);
        XMPPServerInfo info = mock(XMPPServerInfo.class);
        router = mock(PacketRouter.class);
        icm = mock(InternalComponentManager.class);
        when(server.getServerInfo()).thenReturn(info);
        when(info.getXMPPDomain()).thenReturn("Example.ORG");
        when(server.getPacketRouter()).thenReturn(router);

        xmppServerStatic = mockStatic(XMPPServer.class);
        xmppServerStatic.when(XMPPServer::getInstance).thenReturn(server);
        icmStatic = mockStatic(InternalComponentManager.class);
        icmStatic.when(InternalComponentManager::getInstance).thenReturn(icm);
        ecm = mockStatic(ExternalComponentManager.class);
    }

    @AfterEach
    void release() {
        ecm.close();
        icmStatic.close();
        xmppServerStatic.close();
    }

    @Test
    void theCertificateIsFromOpenfiresIdentityStoreForComponentConnections() throws Exception {
        CertificateStoreManager stores = mock(CertificateStoreManager.class);
        IdentityStore identity = mock(IdentityStore.class);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        when(XMPPServer.getInstance().getCertificateStoreManager()).thenReturn(stores);
        when(stores.getIdentityStore(ConnectionType.COMPONENT)).thenReturn(identity);
        when(identity.getStore()).thenReturn(keyStore);
        when(identity.getConfiguration())
            .thenReturn(new CertificateStoreConfiguration("pkcs12", new File("keystore"), "pw".toCharArray()));
        assertSame(keyStore, adapter.identityStore());
        assertArrayEquals("pw".toCharArray(), adapter.identityStorePassword());
    }

    @Test
    void certificateChangesComeFromOpenfiresCertificateEvents() {
        try (MockedStatic<CertificateManager> certificates = mockStatic(CertificateManager.class)) {
            AtomicInteger changes = new AtomicInteger();
            Runnable listener = changes::incrementAndGet;
            adapter.addCertificateListener(listener);
            ArgumentCaptor<CertificateEventListener> registered = ArgumentCaptor.forClass(CertificateEventListener.class);
            certificates.verify(() -> CertificateManager.addListener(registered.capture()));
            registered.getValue().storeContentChanged(null);
            assertEquals(1, changes.get());
            adapter.removeCertificateListener(listener);
            certificates.verify(() -> CertificateManager.removeListener(registered.getValue()));
        }
    }

    @Test
    void xmppDomainIsLowerCased() {
        assertEquals("example.org", adapter.xmppDomain());
    }

    @Test
    void registerAddsTheComponentUnderItsSubdomain() throws Exception {
        adapter.register("comp", component);
        verify(icm).addComponent("comp", component);
    }

    @Test
    void unregisterRemovesExactlyThisInstanceWhenTheRouteExists() {
        when(icm.hasComponent(new JID("comp.example.org"))).thenReturn(true);
        adapter.unregister("comp", component);
        verify(icm).removeComponent("comp", component);
    }

    @Test
    void unregisterDoesNotCallRemoveForAnUnknownSubdomain() {
        when(icm.hasComponent(any(JID.class))).thenReturn(false);
        adapter.unregister("gone", component);
        verify(icm, never()).removeComponent(any(String.class), any(Component.class));
    }

    @Test
    void routeHandsThePacketToThePacketRouter() {
        Message message = new Message();
        message.setTo("alice@example.org");
        adapter.route(message);
        verify(router).route((Packet) message);
    }

    @Test
    void takenMeansTheXmppDomainOrAnyComponentRoute() {
        when(icm.hasComponent(new JID("conference.example.org"))).thenReturn(true);
        assertTrue(adapter.isTaken("example.org"));
        assertTrue(adapter.isTaken("conference.example.org"));
        assertFalse(adapter.isTaken("free.example.org"));
    }

    @Test
    void permissionPolicyComesFromExternalComponentManager() {
        ecm.when(() -> ExternalComponentManager.canAccess("blocked")).thenReturn(false);
        ecm.when(() -> ExternalComponentManager.canAccess("ok")).thenReturn(true);
        assertFalse(adapter.canAccess("blocked"));
        assertTrue(adapter.canAccess("ok"));
    }

    @Test
    void subdomainSecretIsTheExactRowOnlyNeverWildcardOrDefault() {
        ecm.when(ExternalComponentManager::getAllowedComponents).thenReturn(List.of(
            new ExternalComponentConfiguration("gw", true, ExternalComponentConfiguration.Permission.allowed, "wild"),
            new ExternalComponentConfiguration("gw", false, ExternalComponentConfiguration.Permission.allowed, "exact"),
            new ExternalComponentConfiguration("nosecret", false, ExternalComponentConfiguration.Permission.allowed,
                null)));
        ecm.when(ExternalComponentManager::getDefaultSecret).thenReturn("default");
        assertEquals(Optional.of("exact"), adapter.secretForSubdomain("gw"));
        assertEquals(Optional.empty(), adapter.secretForSubdomain("nosecret"));
        assertEquals(Optional.empty(), adapter.secretForSubdomain("other"));
        assertEquals(Optional.of("default"), adapter.defaultSecret());
    }

    @Test
    void kickClosesTheNativeSessionOfTheDomain() {
        SessionManager sessions = mock(SessionManager.class);
        ComponentSession nativeSession = mock(ComponentSession.class);
        when(sessions.getComponentSession("gw.example.org")).thenReturn(nativeSession);
        try (MockedStatic<SessionManager> manager = mockStatic(SessionManager.class)) {
            manager.when(SessionManager::getInstance).thenReturn(sessions);
            assertTrue(adapter.kickNativeSession("gw.example.org", "Replaced by new connection"));
            InOrder order = inOrder(nativeSession);
            ArgumentCaptor<String> error = ArgumentCaptor.forClass(String.class);
            order.verify(nativeSession).deliverRawText(error.capture());
            order.verify(nativeSession).close();
            assertTrue(error.getValue().contains("<conflict"), error.getValue());
            assertTrue(error.getValue().contains("Replaced by new connection"), error.getValue());
            assertFalse(adapter.kickNativeSession("other.example.org", "Replaced by new connection"));
        }
    }

    @Test
    void theComponentManagerSpeaksFromItsAddress() {
        when(icm.getAddress()).thenReturn(new JID("component.example.org"));
        assertEquals(new JID("component.example.org"), adapter.componentManagerAddress());
    }

    @Test
    void sharedMapsArePlainClusteredCachesWhoseEntriesNeverExpire() {
        @SuppressWarnings("unchecked")
        Cache<String, String> cache = mock(Cache.class, AdditionalAnswers.delegatesTo(new ConcurrentHashMap<>()));
        String name = OpenfireCluster.CACHE_PREFIX + "Flags";
        try (MockedStatic<CacheFactory> factory = mockStatic(CacheFactory.class)) {
            factory.when(() -> CacheFactory.createCache(name)).thenReturn(cache);
            adapter.cluster().sharedMap("Flags").put("secret.example.org", "node-1");
            assertEquals("node-1", adapter.cluster().sharedMap("Flags").get("secret.example.org"));
            factory.verify(() -> CacheFactory.setMaxLifetimeProperty(name, -1));
            factory.verify(() -> CacheFactory.setMaxSizeProperty(name, -1));
            factory.verify(() -> CacheFactory.createCache(name));
        }
    }

    @Test
    void commandsRunHereDirectlyAndElsewhereAsAClusterTaskThatCrossesAsBytes() throws Exception {
        NodeID here = mock(NodeID.class);
        when(here.toString()).thenReturn("here");
        when(XMPPServer.getInstance().getNodeID()).thenReturn(here);
        List<String> handled = new ArrayList<>();
        adapter.cluster().serve((command, arguments) -> {
            handled.add(command + " " + arguments);
            return "answer to " + command;
        });
        try (MockedStatic<CacheFactory> factory = mockStatic(CacheFactory.class)) {
            assertEquals(Optional.of("answer to ping"), adapter.cluster().run("here", "ping", List.of("a")));
            factory.verifyNoInteractions();
            // Another node reads the task from bytes and runs it with its own plugin's handler: here, this one.
            factory.when(() -> CacheFactory.doSynchronousClusterTask(any(PluginCommandTask.class),
                any(byte[].class))).thenAnswer(call -> {
                    assertEquals("there", new String(call.<byte[]>getArgument(1), UTF_8));
                    PluginCommandTask received = roundTrip(call.getArgument(0));
                    received.run();
                    return received.getResult();
                });
            assertEquals(Optional.of("answer to release"),
                adapter.cluster().run("there", "release", List.of("comp.example.org", "true")));
            assertEquals(List.of("ping [a]", "release [comp.example.org, true]"), handled);

            adapter.cluster().serve(null);
            assertEquals(Optional.empty(), adapter.cluster().run("there", "release", List.of("x", "y")),
                "a node whose plugin is not running knows no command");
            factory.when(() -> CacheFactory.doSynchronousClusterTask(any(PluginCommandTask.class),
                any(byte[].class))).thenThrow(new IllegalStateException("ClassNotFoundException on the other node"));
            assertEquals(Optional.empty(), adapter.cluster().run("there", "release", List.of("x", "y")),
                "a node without the plugin cannot load the task");
        }
    }

    private static PluginCommandTask roundTrip(PluginCommandTask task) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            task.writeExternal(out);
        }
        PluginCommandTask read = new PluginCommandTask();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read.readExternal(in);
        }
        return read;
    }

    @Test
    void onTheCompileApiTheClusterLockComesFromTheCacheFactory() {
        @SuppressWarnings("unchecked")
        Cache<String, String> cache = mock(Cache.class);
        Lock lock = new ReentrantLock();
        try (MockedStatic<CacheFactory> factory = mockStatic(CacheFactory.class)) {
            factory.when(() -> CacheFactory.createCache(OpenfireCluster.CACHE_PREFIX + "Locks")).thenReturn(cache);
            factory.when(() -> CacheFactory.getLock("comp.example.org", cache)).thenReturn(lock);
            assertSame(lock, adapter.cluster().lock("comp.example.org"));
        }
    }

    @Test
    void outgoingIqFiltersAreInterceptorsForUnprocessedOutgoingIqsOnly() throws Exception {
        InterceptorManager interceptors = mock(InterceptorManager.class);
        List<IQ> filtered = new ArrayList<>();
        Consumer<IQ> filter = filtered::add;
        try (MockedStatic<InterceptorManager> manager = mockStatic(InterceptorManager.class)) {
            manager.when(InterceptorManager::getInstance).thenReturn(interceptors);
            adapter.addOutgoingIqFilter(filter);
            ArgumentCaptor<PacketInterceptor> added = ArgumentCaptor.forClass(PacketInterceptor.class);
            verify(interceptors).addInterceptor(added.capture());
            IQ iq = new IQ(IQ.Type.result);
            added.getValue().interceptPacket(iq, null, false, false);
            added.getValue().interceptPacket(iq, null, true, false);
            added.getValue().interceptPacket(iq, null, false, true);
            added.getValue().interceptPacket(new Message(), null, false, false);
            assertEquals(List.of(iq), filtered);
            adapter.removeOutgoingIqFilter(filter);
            verify(interceptors).removeInterceptor(added.getValue());
        }
    }

    @Test
    void accessLooksUpAdminsAndGroups() throws Exception {
        AdminManager admins = mock(AdminManager.class);
        GroupManager groups = mock(GroupManager.class);
        Group staff = mock(Group.class);
        JID carol = new JID("carol@example.org");
        when(admins.isUserAdmin(carol, false)).thenReturn(true);
        when(groups.getGroup("staff")).thenReturn(staff);
        when(staff.isUser(carol)).thenReturn(true);
        when(groups.getGroup("nobody")).thenThrow(new GroupNotFoundException("nobody"));
        try (MockedStatic<AdminManager> adminStatic = mockStatic(AdminManager.class);
             MockedStatic<GroupManager> groupStatic = mockStatic(GroupManager.class)) {
            adminStatic.when(AdminManager::getInstance).thenReturn(admins);
            groupStatic.when(GroupManager::getInstance).thenReturn(groups);
            assertTrue(adapter.isAdmin(carol));
            assertTrue(adapter.isInGroup(carol, "staff"));
            assertFalse(adapter.isInGroup(carol, "nobody"), "an unknown group has no members");
        }
    }

    @Test
    void emptyDefaultSecretCountsAsNone() {
        ecm.when(ExternalComponentManager::getDefaultSecret).thenReturn("");
        assertEquals(Optional.empty(), adapter.defaultSecret());
    }
}
