package org.jivesoftware.openfire.plugin.componentlistener.registry;

/**
 * How the registry asks the other cluster nodes to give up a domain that Openfire's routing says is taken there,
 * before registering it for a newcomer on this node. The cluster package implements it; without a cluster there is
 * no other node to ask.
 */
public interface RemoteRelease {
    /**
     * Asks every other node to give the domain up (closing its components there with {@code conflict} when
     * {@code kick}): a fleet may have members on several. Returns {@link ReleaseOutcome#KICKED} when a node kicked,
     * else {@link ReleaseOutcome#RELEASED} when one let it go, else {@link ReleaseOutcome#HELD} when a node keeps it,
     * else {@link ReleaseOutcome#NONE_HELD}.
     */
    ReleaseOutcome askOtherNodes(String domain, boolean kick);

    /**
     * Asks the other nodes whether their connections of the domain admit a newcomer to their fleet: its listener
     * {@code shares}, it {@code asksMultiple}. True when one does; nodes that do not know the question (version
     * 1.1.0) do not admit.
     */
    boolean admitToFleet(String domain, boolean shares, boolean asksMultiple);
}
