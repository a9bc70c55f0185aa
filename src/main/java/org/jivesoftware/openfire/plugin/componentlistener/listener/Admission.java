package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.xmpp.packet.StreamError;

/**
 * Whether the component of one connection may have the domain it asks for: not while its host is locked out for
 * failed handshakes, only if Openfire's External Components settings admit the domain, and only with the secret they
 * give. The settings may need Openfire's database: they are read on Openfire's calls pool when a stream opens, and
 * revalidation never runs on an event loop.
 */
final class Admission {
    private final OpenfireServer server;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireCalls openfireCalls;
    private final HandshakeThrottle throttle;
    /** The remote host, as failed handshakes are counted. */
    private final InetAddress peer;
    /** The secret the component must prove; written before the handshake, read by revalidation. */
    private volatile String secret;

    Admission(OpenfireServer server, Supplier<ListenerConfig> settings, OpenfireCalls openfireCalls,
              HandshakeThrottle throttle, SocketAddress remoteAddress) {
        this.server = server;
        this.settings = settings;
        this.openfireCalls = openfireCalls;
        this.throttle = throttle;
        this.peer = remoteAddress instanceof InetSocketAddress ? ((InetSocketAddress) remoteAddress).getAddress()
            : InetAddress.getLoopbackAddress();
    }

    /** Refuses a host that failed too many handshakes for the domain lately. */
    void checkLockout(String domain) throws StreamException {
        OptionalLong locked = throttle.lockedFor(peer, domain);
        if (locked.isPresent()) {
            throw new StreamException(StreamError.Condition.policy_violation, "Too many failed handshakes for "
                + domain + " from " + peer.getHostAddress() + "; retry in "
                + TimeUnit.MILLISECONDS.toSeconds(locked.getAsLong() + 999) + " s");
        }
    }

    /** Whether Openfire's settings admit the domain: empty and the secret set, or why not. Off the caller's thread. */
    CompletableFuture<Optional<StreamException>> admit(ComponentAddress requested) {
        return openfireCalls.supply(() -> admission(requested)).exceptionally(error -> Optional.of(new StreamException(
            StreamError.Condition.internal_server_error, "The component settings could not be read")));
    }

    private Optional<StreamException> admission(ComponentAddress requested) {
        if (!requested.subdomain().isEmpty() && !server.canAccess(requested.subdomain())) {
            return Optional.of(new StreamException(StreamError.Condition.host_unknown,
                requested.domain() + " is not allowed by the External Components settings"));
        }
        Optional<String> resolved = secretFor(requested.subdomain());
        if (resolved.isEmpty()) {
            return Optional.of(new StreamException(StreamError.Condition.internal_server_error,
                "No component secret is configured"));
        }
        secret = resolved.get();
        return Optional.empty();
    }

    /** Whether the {@code <handshake>} proves the secret on the stream {@code streamId}. */
    boolean proves(Element handshake, String streamId) {
        return Handshake.verify(handshake, streamId, secret);
    }

    /** A failed handshake for the domain, counted towards the host's lockout. */
    void failed(String domain) {
        ListenerConfig config = settings.get();
        throttle.failed(peer, domain, config.handshakeFailures(), config.handshakeLockoutMillis());
    }

    void succeeded(String domain) {
        throttle.succeeded(peer, domain);
    }

    /** Why Openfire's settings no longer admit the connected component, if they do not. */
    Optional<String> revocation(ComponentAddress address) {
        String subdomain = address.subdomain();
        if (!server.canAccess(subdomain)) {
            return Optional.of(address.domain() + " is no longer allowed by the External Components settings");
        }
        if (!secretFor(subdomain).map(current -> Handshake.sameSecret(current, secret)).orElse(false)) {
            return Optional.of("The component secret of " + address.domain() + " was changed");
        }
        return Optional.empty();
    }

    /** SPEC's order: Openfire's secret for exactly this subdomain, the listener's password, the default secret. */
    private Optional<String> secretFor(String subdomain) {
        return server.secretForSubdomain(subdomain).or(() -> settings.get().password()).or(server::defaultSecret);
    }
}
