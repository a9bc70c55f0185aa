package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;

/** What the admin console pages need of Openfire, besides the settings (a {@code PropertyStore}). */
public interface OpenfireAdmin {

    /**
     * The ports Openfire has assigned to its own listeners (client, server, component, connection manager, admin
     * console, HTTP binding, plain and direct TLS), each with the listener's name; whether that listener is on or
     * not, so that turning it on later cannot collide with a listener of the plugin.
     */
    Map<Integer, String> openfirePorts();

    /** Blocks the subdomain in Openfire's External Components settings (which also ends its native sessions). */
    void blockSubdomain(String subdomain);

    /** The server's XMPP domain, lower case. */
    String xmppDomain();

    /**
     * Sets the secret Openfire's External Components settings hold for the subdomain (adding the subdomain as
     * allowed when it has no entry yet), which a component of that subdomain must then prove.
     */
    void setComponentSecret(String subdomain, String secret);

    /** Writes an entry to Openfire's admin audit log, in the name of the admin signed in for the request. */
    void audit(HttpServletRequest request, String summary, String details);
}
