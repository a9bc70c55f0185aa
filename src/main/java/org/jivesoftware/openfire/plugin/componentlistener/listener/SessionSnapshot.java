package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.time.Instant;

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
    private final int fleetSize;
    private final String balancing;

    public SessionSnapshot(String listenerId, String domain, String subdomain, String remoteAddress, Instant since,
                           boolean authenticated, boolean hidden, long stanzasIn, long stanzasOut, long bytesIn,
                           long bytesOut, int queueDepth, int fleetSize, String balancing) {
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
        this.fleetSize = fleetSize;
        this.balancing = balancing;
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

    /** How many connections hold the domain on the connection's node, this one included: more than one is a fleet. */
    public int getFleetSize() {
        return fleetSize;
    }

    /** The {@code balancing} of the connection's listener. */
    public String getBalancing() {
        return balancing;
    }

    public int getQueueDepth() {
        return queueDepth;
    }
}
