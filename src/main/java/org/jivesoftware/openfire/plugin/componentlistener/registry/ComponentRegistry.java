package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * Which domain is held by which session of this plugin, across all its listeners. The only place that registers
 * components with Openfire and unregisters them, and the place where conflicts are decided.
 */
public final class ComponentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);

    private final OpenfireServer server;
    private final Map<String, Registration> byDomain = new HashMap<>();

    public ComponentRegistry(OpenfireServer server) {
        this.server = server;
    }

    /**
     * Registers the domain for a session that has authenticated. Empty when the domain is taken (by the server,
     * another component anywhere in the cluster, or another session of this plugin): the caller answers
     * {@code conflict}.
     *
     * @param deliver receives every stanza Openfire routes to the domain; must not block
     */
    public synchronized Optional<Registration> register(String domain, String subdomain, Consumer<Packet> deliver) {
        if (byDomain.containsKey(domain) || server.isTaken(domain)) {
            return Optional.empty();
        }
        Registration registration = new Registration(domain, subdomain, deliver);
        try {
            server.register(subdomain, registration.component);
        } catch (ComponentException | RuntimeException e) {
            LOG.warn("Openfire refused to register component {}", domain, e);
            return Optional.empty();
        }
        byDomain.put(domain, registration);
        return Optional.of(registration);
    }

    /** True while a session of this plugin holds the domain. */
    public synchronized boolean holds(String domain) {
        return byDomain.containsKey(domain);
    }

    private synchronized void remove(Registration registration) {
        byDomain.remove(registration.domain, registration);
        try {
            server.unregister(registration.subdomain, registration.component);
        } catch (RuntimeException e) {
            LOG.warn("Could not unregister component {} from Openfire", registration.domain, e);
        }
    }

    /** A domain held by one session. */
    public final class Registration {
        private final String domain;
        private final String subdomain;
        private final RoutedComponent component;
        private final AtomicBoolean active = new AtomicBoolean(true);

        private Registration(String domain, String subdomain, Consumer<Packet> deliver) {
            this.domain = domain;
            this.subdomain = subdomain;
            this.component = new RoutedComponent(domain, deliver);
        }

        public String domain() {
            return domain;
        }

        /** Stops routing to the session. Idempotent: only the first call reaches Openfire. */
        public void unregister() {
            if (active.compareAndSet(true, false)) {
                remove(this);
            }
        }
    }

    /** The component Openfire routes to: hands every stanza to the session that holds the domain. */
    static final class RoutedComponent implements Component {
        private final String domain;
        private final Consumer<Packet> deliver;

        RoutedComponent(String domain, Consumer<Packet> deliver) {
            this.domain = domain;
            this.deliver = deliver;
        }

        @Override
        public String getName() {
            return domain;
        }

        @Override
        public String getDescription() {
            return "External component connected through the Component Listener plugin";
        }

        @Override
        public void processPacket(Packet packet) {
            deliver.accept(packet);
        }

        @Override
        public void initialize(JID jid, org.xmpp.component.ComponentManager componentManager) {
            // Nothing to prepare: the session is already connected when Openfire initializes the component.
        }

        @Override
        public void start() {
            // Started by its session's handshake.
        }

        @Override
        public void shutdown() {
            // Ended by its session; Openfire calls this when the route is removed.
        }
    }
}
