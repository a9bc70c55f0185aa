package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.util.Optional;
import java.util.function.Consumer;

import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * The narrow port where the plugin meets Openfire. Only the package {@code openfire} implements it with Openfire's
 * API; every other package talks to Openfire through this interface and the others of this package, so that tests
 * can put an in-memory server behind them.
 */
public interface OpenfireServer extends AccessRule.Directory, ServerCertificates {

    /** The server's XMPP domain, lower case. Components are registered as subdomains of it. */
    String xmppDomain();

    /** Openfire's External Components permission policy (allow/deny lists) for this subdomain. */
    boolean canAccess(String subdomain);

    /** The secret that Openfire's External Components settings hold for exactly this subdomain, if any. */
    Optional<String> secretForSubdomain(String subdomain);

    /** Openfire's default component secret ({@code xmpp.component.defaultSecret}), if set. */
    Optional<String> defaultSecret();

    /**
     * True when the domain may not be taken by a component: the XMPP domain itself, or any component route
     * anywhere in the cluster (internal components, Openfire's own component port, this plugin).
     */
    boolean isTaken(String domain);

    /**
     * Ends a session on Openfire's own component port that holds the domain, if there is one, with a
     * {@code conflict} stream error carrying the reason. Its route goes when Openfire has finished closing it,
     * which may be a moment later.
     */
    boolean kickNativeSession(String domain, String reason);

    /** Adds the component to Openfire's routing as {@code subdomain.<xmpp domain>}. */
    void register(String subdomain, Component component) throws ComponentException;

    /** Removes exactly this component instance for the subdomain. Safe to call once per successful register. */
    void unregister(String subdomain, Component component);

    /** Hands a stanza to Openfire's packet router. */
    void route(Packet packet);

    /** The address Openfire's component manager speaks from ({@code component.<xmpp domain>}). */
    JID componentManagerAddress();

    /** Openfire's cluster (this node alone when not clustered). */
    ClusterPort cluster();

    /** Has every IQ Openfire is about to send (to anyone, from this node) pass through the filter, which may change it. */
    void addOutgoingIqFilter(Consumer<IQ> filter);

    void removeOutgoingIqFilter(Consumer<IQ> filter);
}
