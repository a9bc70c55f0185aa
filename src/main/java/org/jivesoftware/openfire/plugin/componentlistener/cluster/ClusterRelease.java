package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ReleaseOutcome;
import org.jivesoftware.openfire.plugin.componentlistener.registry.RemoteRelease;

/** The registry's requests to the other nodes to give up a domain, as {@code release} commands. */
public final class ClusterRelease implements RemoteRelease {
    private final ClusterPort cluster;

    public ClusterRelease(ClusterPort cluster) {
        this.cluster = cluster;
    }

    @Override
    public ReleaseOutcome askOtherNodes(String domain, boolean kick) {
        ReleaseOutcome outcome = ReleaseOutcome.NONE_HELD;
        for (String node : cluster.nodes()) {
            if (node.equals(cluster.localNode())) {
                continue;
            }
            ReleaseOutcome answer = ClusterProtocol.decodeRelease(ClusterProtocol.Command.RELEASE.runOn(cluster, node,
                ClusterProtocol.releaseArguments(domain, kick)));
            if (answer.ordinal() < outcome.ordinal()) {
                // In the order of ReleaseOutcome: what was done weighs more than what was not.
                outcome = answer;
            }
        }
        return outcome;
    }

    @Override
    public boolean admitToFleet(String domain, boolean shares, boolean asksMultiple) {
        for (String node : cluster.nodes()) {
            if (!node.equals(cluster.localNode()) && ClusterProtocol.decodeJoins(ClusterProtocol.Command.FLEET.runOn(
                cluster, node, ClusterProtocol.fleetArguments(domain, shares, asksMultiple)))) {
                return true;
            }
        }
        return false;
    }
}
