package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.auth.AuthToken;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireAdmin;
import org.jivesoftware.openfire.security.SecurityAuditManager;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.ModificationNotAllowedException;

/** The admin console's calls into Openfire; the same signatures in Openfire 4.2.0 and 4.9 to 5.x. */
public final class OpenfireAdminAdapter implements OpenfireAdmin {
    /** Where Openfire's admin console keeps the signed-in admin (its AuthCheck filter and WebManager read it). */
    private static final String AUTH_TOKEN_ATTRIBUTE = "jive.admin.authToken";

    @Override
    public Map<Integer, String> openfirePorts() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(JiveGlobals.getIntProperty("xmpp.socket.plain.port", 5222), "client connections");
        ports.put(JiveGlobals.getIntProperty("xmpp.socket.ssl.port", 5223), "client connections (direct TLS)");
        ports.put(JiveGlobals.getIntProperty("xmpp.server.socket.port", 5269), "server connections");
        ports.put(JiveGlobals.getIntProperty("xmpp.server.socket.ssl.port", 5270), "server connections (direct TLS)");
        ports.put(JiveGlobals.getIntProperty("xmpp.component.socket.port", 5275), "external components");
        ports.put(JiveGlobals.getIntProperty("xmpp.component.ssl.port", 5276), "external components (direct TLS)");
        ports.put(JiveGlobals.getIntProperty("xmpp.multiplex.socket.port", 5262), "connection managers");
        ports.put(JiveGlobals.getIntProperty("xmpp.multiplex.ssl.port", 5263), "connection managers (direct TLS)");
        ports.put(JiveGlobals.getXMLProperty("adminConsole.port", 9090), "admin console");
        ports.put(JiveGlobals.getXMLProperty("adminConsole.securePort", 9091), "admin console (HTTPS)");
        ports.put(JiveGlobals.getIntProperty("httpbind.port.plain", 7070), "HTTP binding");
        ports.put(JiveGlobals.getIntProperty("httpbind.port.secure", 7443), "HTTP binding (HTTPS)");
        return ports;
    }

    @Override
    public void blockSubdomain(String subdomain) {
        try {
            ExternalComponentManager.blockAccess(subdomain);
        } catch (ModificationNotAllowedException e) {
            throw new IllegalStateException("Openfire did not allow blocking " + subdomain + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String xmppDomain() {
        return XMPPServer.getInstance().getServerInfo().getXMPPDomain().toLowerCase(Locale.ROOT);
    }

    @Override
    public void setComponentSecret(String subdomain, String secret) {
        try {
            ExternalComponentManager.updateComponentSecret(subdomain, secret);
        } catch (ModificationNotAllowedException e) {
            throw new IllegalStateException("Openfire did not allow setting the secret of " + subdomain + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public void audit(HttpServletRequest request, String summary, String details) {
        SecurityAuditManager.getInstance().logEvent(adminName(request), summary, details);
    }

    private static String adminName(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(AUTH_TOKEN_ATTRIBUTE);
        return token instanceof AuthToken ? ((AuthToken) token).getUsername() : "unknown";
    }
}
