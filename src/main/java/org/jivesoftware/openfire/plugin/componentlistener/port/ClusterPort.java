package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The part of the port where the plugin meets Openfire's cluster: this node, the other nodes, maps and locks they
 * share, commands run on another node, and nodes leaving. Without clustering it is a cluster of this node alone.
 * Everything that crosses to another node is a JDK type (String, Long, Boolean, ArrayList and HashMap of them), so
 * that no class of the plugin has to be loaded there but the one task that carries a command.
 */
public interface ClusterPort {

    /** This node's id. */
    String localNode();

    /** The ids of the cluster's nodes, this one first; only this one when not clustered. */
    List<String> nodes();

    /** A name an admin recognises (the node's host name); its id when the node is not known. */
    String nodeName(String node);

    /** A map of strings that every node shares, by name; entries never expire. */
    Map<String, String> sharedMap(String name);

    /** A lock that holds on every node for the key while it is held. */
    Lock lock(String key);

    /**
     * Runs a command on a node, this one included, and returns its answer. Empty when the node could not answer:
     * it left the cluster, runs no plugin or a version that does not know the command, or failed.
     */
    Optional<Serializable> run(String node, String command, List<String> arguments);

    /** Answers the commands other nodes send to this one; null stops answering (every command is then unknown). */
    void serve(CommandHandler handler);

    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** This node's side of {@link #run}. */
    interface CommandHandler {
        /** The answer (a JDK type), or null for a command this version does not know. */
        Serializable handle(String command, List<String> arguments);
    }

    /** What happens to the cluster's members. */
    interface Listener {
        /** Another node left the cluster, gracefully or not: what it published is stale. */
        void nodeLeft(String node);

        /**
         * This node joined or left a cluster: the shared maps it sees are not those it wrote to, so what it
         * published must be published again.
         */
        void membershipChanged();
    }
}
