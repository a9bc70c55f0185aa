package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jivesoftware.openfire.ConnectionManager;
import org.jivesoftware.openfire.SessionManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.admin.AdminManager;
import org.jivesoftware.openfire.component.ExternalComponentConfiguration;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.group.GroupManager;
import org.jivesoftware.openfire.group.GroupNotFoundException;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.keystore.IdentityStore;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.session.ComponentSession;
import org.jivesoftware.openfire.spi.ConnectionListener;
import org.jivesoftware.openfire.spi.ConnectionManagerImpl;
import org.jivesoftware.openfire.spi.ConnectionType;
import org.jivesoftware.util.CertificateEventListener;
import org.jivesoftware.util.CertificateManager;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/**
 * The server port on Openfire's API: routing, component registration, the External Components settings, users and
 * groups, certificates, interceptors. Like the rest of this package, the only one that imports Openfire (besides the
 * plugin class, for Openfire's plugin interface), it is compiled against Openfire 4.2.0 and runs on 4.9 to 5.x, so
 * it calls only APIs whose signatures are the same in all of them.
 */
public final class OpenfireAdapter implements OpenfireServer {
    /**
     * How long an answer from the External Components settings is reused. Openfire reads them from its database on
     * each call, and a component reconnecting again and again would have it do so for every connection. Well below
     * the delay before the registry checks sessions again after a change of those settings
     * ({@code ComponentRegistry.REVALIDATE_DELAY_MILLIS}, a test holds them apart), so no such check sees an answer
     * from before the change.
     */
    static final long SETTINGS_FRESH_MILLIS = 100;

    private final Map<Consumer<IQ>, PacketInterceptor> interceptors = new ConcurrentHashMap<>();
    private final OpenfireCluster cluster = new OpenfireCluster();
    private final Map<Runnable, CertificateEventListener> certificateListeners = new ConcurrentHashMap<>();
    private final RecentAnswers<String, Boolean> access = new RecentAnswers<>(SETTINGS_FRESH_MILLIS, System::nanoTime);
    private final RecentAnswers<String, Optional<String>> secrets =
        new RecentAnswers<>(SETTINGS_FRESH_MILLIS, System::nanoTime);

    @Override
    public String xmppDomain() {
        return XMPPServer.getInstance().getServerInfo().getXMPPDomain().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean canAccess(String subdomain) {
        return access.get(subdomain, ExternalComponentManager::canAccess);
    }

    @Override
    public Optional<String> secretForSubdomain(String subdomain) {
        return secrets.get(subdomain, OpenfireAdapter::configuredSecret);
    }

    private static Optional<String> configuredSecret(String subdomain) {
        // getSecretForComponent would fall back to wildcard rows and the default secret; the spec wants the row
        // of exactly this subdomain, so that a listener password comes before the default secret.
        for (ExternalComponentConfiguration configuration : ExternalComponentManager.getAllowedComponents()) {
            if (!configuration.isWildcard() && subdomain.equals(configuration.getSubdomain())) {
                return nonEmpty(configuration.getSecret());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> defaultSecret() {
        return nonEmpty(ExternalComponentManager.getDefaultSecret());
    }

    @Override
    public boolean isTaken(String domain) {
        return domain.equals(xmppDomain()) || InternalComponentManager.getInstance().hasComponent(new JID(domain));
    }

    @Override
    public boolean kickNativeSession(String domain, String reason) {
        ComponentSession session = SessionManager.getInstance().getComponentSession(domain);
        if (session == null) {
            return false;
        }
        // Session.close() only ends the stream: the reason goes first, as raw text (same call in 4.2 and 5.x).
        session.deliverRawText(new StreamError(StreamError.Condition.conflict, reason, "en").toXML());
        session.close();
        return true;
    }

    @Override
    public void register(String subdomain, Component component) throws ComponentException {
        InternalComponentManager.getInstance().addComponent(subdomain, component);
    }

    @Override
    public void unregister(String subdomain, Component component) {
        // removeComponent throws a NullPointerException for a subdomain it does not know; the registry calls this
        // once per successful register, and Openfire may already have dropped the route (plugin unload, shutdown).
        InternalComponentManager manager = InternalComponentManager.getInstance();
        if (manager.hasComponent(new JID(subdomain + "." + xmppDomain()))) {
            manager.removeComponent(subdomain, component);
        }
    }

    @Override
    public boolean isAdmin(JID user) {
        return AdminManager.getInstance().isUserAdmin(user, false);
    }

    @Override
    public boolean isInGroup(JID user, String group) {
        try {
            return GroupManager.getInstance().getGroup(group).isUser(user);
        } catch (GroupNotFoundException e) {
            return false;
        }
    }

    @Override
    public void route(Packet packet) {
        XMPPServer.getInstance().getPacketRouter().route(packet);
    }

    @Override
    public JID componentManagerAddress() {
        return InternalComponentManager.getInstance().getAddress();
    }

    @Override
    public ClusterPort cluster() {
        return cluster;
    }

    @Override
    public void addOutgoingIqFilter(Consumer<IQ> filter) {
        PacketInterceptor interceptor = (packet, session, incoming, processed) -> {
            if (!incoming && !processed && packet instanceof IQ) {
                filter.accept((IQ) packet);
            }
        };
        interceptors.put(filter, interceptor);
        InterceptorManager.getInstance().addInterceptor(interceptor);
    }

    @Override
    public void removeOutgoingIqFilter(Consumer<IQ> filter) {
        PacketInterceptor interceptor = interceptors.remove(filter);
        if (interceptor != null) {
            InterceptorManager.getInstance().removeInterceptor(interceptor);
        }
    }

    @Override
    public KeyStore identityStore() {
        return componentIdentityStore().getStore();
    }

    @Override
    public char[] identityStorePassword() {
        return componentIdentityStore().getConfiguration().getPassword();
    }

    private static IdentityStore componentIdentityStore() {
        IdentityStore store = XMPPServer.getInstance().getCertificateStoreManager()
            .getIdentityStore(ConnectionType.COMPONENT);
        if (store == null) {
            throw new IllegalStateException("Openfire has no identity store for component connections");
        }
        return store;
    }

    @Override
    public List<String> componentTlsProtocols() {
        return componentDirectTlsSetting(ConnectionListener::getEncryptionProtocols);
    }

    @Override
    public List<String> componentTlsCipherSuites() {
        return componentDirectTlsSetting(ConnectionListener::getEncryptionCipherSuites);
    }

    /**
     * A setting of Openfire's own direct-TLS component port, whose settings the admin console's pages edit; empty
     * when Openfire cannot say (no such listener yet, or a connection manager of another kind).
     */
    private static List<String> componentDirectTlsSetting(Function<ConnectionListener, Set<String>> setting) {
        ConnectionManager connections = XMPPServer.getInstance().getConnectionManager();
        if (!(connections instanceof ConnectionManagerImpl)) {
            return List.of();
        }
        ConnectionListener listener = ((ConnectionManagerImpl) connections).getListener(ConnectionType.COMPONENT, true);
        return listener == null ? List.of() : new ArrayList<>(setting.apply(listener));
    }

    @Override
    public void addCertificateListener(Runnable listener) {
        CertificateEventListener onChange = store -> listener.run();
        certificateListeners.put(listener, onChange);
        CertificateManager.addListener(onChange);
    }

    @Override
    public void removeCertificateListener(Runnable listener) {
        CertificateEventListener onChange = certificateListeners.remove(listener);
        if (onChange != null) {
            CertificateManager.removeListener(onChange);
        }
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
