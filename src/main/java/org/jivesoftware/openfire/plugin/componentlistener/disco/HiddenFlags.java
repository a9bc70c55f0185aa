package org.jivesoftware.openfire.plugin.componentlistener.disco;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;

/**
 * Which domains are hidden, in a map every cluster node shares: domain to the node whose component holds it, so that
 * the flags of a node that leaves can be removed by the others, and a node that joins sees those already set.
 */
public final class HiddenFlags {
    /** A new name for the new form of entry: an older version's flags (domain to true) are not read as these. */
    static final String MAP = "Hidden Components By Node";

    private final ClusterPort cluster;
    /** This node's own flags, to publish again when the shared map it sees changes (joining or leaving a cluster). */
    private final Set<String> own = ConcurrentHashMap.newKeySet();

    public HiddenFlags(ClusterPort cluster) {
        this.cluster = cluster;
    }

    /** Flags a domain of this node's components hidden, or clears the flag this node set. */
    public void set(String domain, boolean hidden) {
        Map<String, String> flags = cluster.sharedMap(MAP);
        if (hidden) {
            own.add(domain);
            flags.put(domain, cluster.localNode());
        } else if (own.remove(domain)) {
            // Only this node's flag: the domain may already be hidden by a component on another node.
            flags.remove(domain, cluster.localNode());
        }
    }

    /** Every domain flagged hidden, on any node. */
    public Set<String> domains() {
        return new HashSet<>(cluster.sharedMap(MAP).keySet());
    }

    /** Removes the flags of a node that left the cluster; each remaining node may do it, once or again. */
    public void nodeLeft(String node) {
        // A clustered map's entry set is a copy: each stale flag is removed from the map itself.
        Map<String, String> flags = cluster.sharedMap(MAP);
        for (Map.Entry<String, String> flag : new HashMap<>(flags).entrySet()) {
            if (flag.getValue().equals(node)) {
                flags.remove(flag.getKey(), node);
            }
        }
    }

    /** Publishes this node's flags again, into the shared map it now sees. */
    public void republish() {
        Map<String, String> flags = cluster.sharedMap(MAP);
        for (String domain : own) {
            flags.put(domain, cluster.localNode());
        }
    }
}
