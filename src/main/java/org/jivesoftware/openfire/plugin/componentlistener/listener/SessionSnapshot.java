package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the admin console shows of one connection. */
public final class SessionSnapshot {
    private final String listenerId;
    private final String domain;
    private final String subdomain;
    private final String remoteAddress;
    private final Instant since;
    private final boolean authenticated;
    private final boolean hidden;
    private final long stanzasIn;
    private final long stanzasOut;
    private final long bytesIn;
    private final long bytesOut;
    private final int queueDepth;

    SessionSnapshot(String listenerId, String domain, String subdomain, String remoteAddress, Instant since, boolean authenticated,
                    boolean hidden, long stanzasIn, long stanzasOut, long bytesIn, long bytesOut, int queueDepth) {
        this.listenerId = listenerId;
        this.domain = domain;
        this.subdomain = subdomain;
        this.remoteAddress = remoteAddress;
        this.since = since;
        this.authenticated = authenticated;
        this.hidden = hidden;
        this.stanzasIn = stanzasIn;
        this.stanzasOut = stanzasOut;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.queueDepth = queueDepth;
    }

    /** The snapshot as strings, to cross to another cluster node. */
    public HashMap<String, String> toMap() {
        HashMap<String, String> map = new HashMap<>();
        map.put("listener", listenerId);
        map.put("domain", domain);
        map.put("subdomain", subdomain);
        map.put("remote", remoteAddress);
        map.put("since", String.valueOf(since.toEpochMilli()));
        map.put("authenticated", String.valueOf(authenticated));
        map.put("hidden", String.valueOf(hidden));
        map.put("stanzasIn", String.valueOf(stanzasIn));
        map.put("stanzasOut", String.valueOf(stanzasOut));
        map.put("bytesIn", String.valueOf(bytesIn));
        map.put("bytesOut", String.valueOf(bytesOut));
        map.put("queue", String.valueOf(queueDepth));
        return map;
    }

    /** A snapshot another node made with {@link #toMap()}. */
    public static SessionSnapshot fromMap(Map<String, String> map) {
        return new SessionSnapshot(map.get("listener"), map.get("domain"), map.get("subdomain"), map.get("remote"),
            Instant.ofEpochMilli(Long.parseLong(map.get("since"))), Boolean.parseBoolean(map.get("authenticated")),
            Boolean.parseBoolean(map.get("hidden")), Long.parseLong(map.get("stanzasIn")),
            Long.parseLong(map.get("stanzasOut")), Long.parseLong(map.get("bytesIn")),
            Long.parseLong(map.get("bytesOut")), Integer.parseInt(map.get("queue")));
    }

    public String getListenerId() {
        return listenerId;
    }

    /** The component's domain; empty before the stream header named it. */
    public String getDomain() {
        return domain;
    }

    /** The part of the domain before the XMPP domain, as Openfire's External Components settings name it. */
    public String getSubdomain() {
        return subdomain;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public Instant getSince() {
        return since;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    /** True when the component is kept out of users' service discovery. */
    public boolean isHidden() {
        return hidden;
    }

    public long getStanzasIn() {
        return stanzasIn;
    }

    public long getStanzasOut() {
        return stanzasOut;
    }

    public long getBytesIn() {
        return bytesIn;
    }

    public long getBytesOut() {
        return bytesOut;
    }

    public int getQueueDepth() {
        return queueDepth;
    }
}
