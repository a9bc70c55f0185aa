package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.http.HttpServletRequest;

import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireAdmin;

/** Openfire's admin services for the pages: fixed ports of its own listeners; blocks and audit entries recorded. */
public final class RecordingOpenfireAdmin implements OpenfireAdmin {
    /** Openfire's client port, as the pages see it. */
    public static final int CLIENT_PORT = 5222;

    private final InMemoryOpenfire openfire;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<String> blocked = new CopyOnWriteArrayList<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public RecordingOpenfireAdmin(InMemoryOpenfire openfire) {
        this.openfire = openfire;
    }

    @Override
    public Map<Integer, String> openfirePorts() {
        return Map.of(CLIENT_PORT, "client connections", 9090, "admin console");
    }

    /** Blocks the subdomain in the stand-in's External Components settings, as Openfire would. */
    @Override
    public void blockSubdomain(String subdomain) {
        blocked.add(subdomain);
        openfire.block(subdomain);
    }

    @Override
    public String xmppDomain() {
        return openfire.xmppDomain();
    }

    /** Sets the subdomain's secret in the stand-in's External Components settings, as Openfire would. */
    @Override
    public void setComponentSecret(String subdomain, String secret) {
        secrets.put(subdomain, secret);
        openfire.subdomainSecret(subdomain, secret);
    }

    @Override
    public void audit(HttpServletRequest request, String summary, String details) {
        audit.add(summary + " | " + details);
    }

    public List<String> audit() {
        return audit;
    }

    public List<String> blocked() {
        return blocked;
    }

    /** The External Components secrets the pages set, by subdomain. */
    public Map<String, String> secrets() {
        return secrets;
    }
}
