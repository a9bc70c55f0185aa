package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterProtocol.Command;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenFlags;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerState;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.port.ExternalComponentsChanges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;

/**
 * This node's part in a cluster: answers the other nodes' commands (give up a domain, list sessions and listeners,
 * count, close a session for an admin, check sessions against changed settings), removes what a departed node
 * published, and asks every node on behalf of the admin console and of Openfire's External Components settings.
 * The commands and their answers as they cross are in {@link ClusterProtocol}.
 */
public final class ClusterNode implements ClusterPort.Listener, ExternalComponentsChanges {
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ClusterPort cluster;
    private final ListenerManager listeners;
    private final ComponentRegistry registry;
    private final HiddenFlags hiddenFlags;

    public ClusterNode(ClusterPort cluster, ListenerManager listeners, ComponentRegistry registry,
                       HiddenFlags hiddenFlags) {
        this.cluster = cluster;
        this.listeners = listeners;
        this.registry = registry;
        this.hiddenFlags = hiddenFlags;
    }

    public void start() {
        cluster.serve(this::handle);
        cluster.addListener(this);
    }

    public void stop() {
        cluster.removeListener(this);
        cluster.serve(null);
    }

    private Serializable handle(String name, List<String> arguments) {
        Optional<Command> command = Command.named(name);
        if (command.isEmpty()) {
            return null;
        }
        switch (command.get()) {
            case RELEASE:
                return ClusterProtocol.encode(registry.releaseForOtherNode(ClusterProtocol.releaseDomain(arguments),
                    ClusterProtocol.releaseKicks(arguments)));
            case FLEET:
                return registry.admitsFromOtherNode(arguments.get(0), Boolean.parseBoolean(arguments.get(1)),
                    Boolean.parseBoolean(arguments.get(2))) ? ClusterProtocol.JOINS : ClusterProtocol.NONE_HELD;
            case SESSIONS:
                return ClusterProtocol.encodeSessions(listeners.authenticatedSessions());
            case CLOSE:
                return ClusterProtocol.encodeClosed(closeByAdmin(arguments.get(0),
                    ClusterProtocol.closeRemoteAddress(arguments), arguments.get(1)));
            case LISTENERS:
                return ListenerStates.encodeOld(listeners.states());
            case LISTENER_STATES:
                return ListenerStates.encode(listeners.states());
            case COUNTERS:
                return ClusterProtocol.encodeCounters(listeners.totals());
            case REVOKE:
                registry.revoke(arguments.get(0),
                    arguments.get(0) + " was blocked in the External Components settings");
                return ClusterProtocol.DONE;
            case REVALIDATE:
                registry.revalidateSoon();
                return ClusterProtocol.DONE;
            default:
                return null;
        }
    }

    /**
     * Closes the session here and waits (briefly) until it is closed, so that the admin sees it gone; false when no
     * session here holds the domain.
     */
    private boolean closeByAdmin(String domain, String remoteAddress, String text) {
        Optional<CompletableFuture<Void>> closing = listeners.closeByAdmin(domain, remoteAddress, text);
        if (closing.isEmpty()) {
            return false;
        }
        try {
            closing.get().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The domain is already gone; the socket closes on its own a moment later.
        }
        return true;
    }

    @Override
    public void nodeLeft(String node) {
        hiddenFlags.nodeLeft(node);
    }

    @Override
    public void membershipChanged() {
        hiddenFlags.republish();
    }

    // ---- Openfire's External Components settings (reported only on the node where they change) ------------------

    @Override
    public void blocked(String subdomain) {
        for (String node : cluster.nodes()) {
            Command.REVOKE.runOn(cluster, node, List.of(subdomain));
            // And a check once the block is stored: a connection admitted just before (Openfire announces the block
            // before storing it, and its answers are reused for a moment) is found then.
            Command.REVALIDATE.runOn(cluster, node, List.of());
        }
    }

    @Override
    public void changed() {
        for (String node : cluster.nodes()) {
            Command.REVALIDATE.runOn(cluster, node, List.of());
        }
    }

    // ---- for the admin console ------------------------------------------------------------------------------------

    /** Whether there are other nodes (the pages then say which node is which). */
    public boolean isClustered() {
        return cluster.nodes().size() > 1;
    }

    /** The components connected to each node. */
    public List<NodeAnswer<List<SessionSnapshot>>> sessions() {
        return askEveryNode(Command.SESSIONS, ClusterProtocol::decodeSessions);
    }

    /**
     * On each node, the listeners that run and those that failed, with their problems. A node of an older version,
     * which does not know the typed command, is asked the old one.
     */
    public List<NodeAnswer<Map<String, ListenerState>>> listenerStates() {
        List<NodeAnswer<Map<String, ListenerState>>> answers =
            askEveryNode(Command.LISTENER_STATES, ListenerStates::decode);
        answers.replaceAll(answer -> answer.answer().isPresent() ? answer : new NodeAnswer<>(answer.node(),
            answer.name(), Command.LISTENERS.runOn(cluster, answer.node(), List.of())
                .map(ListenerStates::decodeOld)));
        return answers;
    }

    /** Each node's totals, by statistic key. */
    public List<NodeAnswer<Map<String, Long>>> counters() {
        return askEveryNode(Command.COUNTERS, ClusterProtocol::decodeCounters);
    }

    /**
     * Closes the connections of the domain on the node, as an admin asked: the one from {@code remoteAddress}, or
     * (null) all of them; false when none matches there.
     */
    public boolean closeByAdmin(String node, String domain, String remoteAddress, String text) {
        return ClusterProtocol.decodeClosed(Command.CLOSE.runOn(cluster, node,
            ClusterProtocol.closeArguments(domain, remoteAddress, text)));
    }

    private <T> List<NodeAnswer<T>> askEveryNode(Command command, Function<Serializable, T> read) {
        List<NodeAnswer<T>> answers = new ArrayList<>();
        for (String node : cluster.nodes()) {
            answers.add(new NodeAnswer<>(node, cluster.nodeName(node),
                command.runOn(cluster, node, List.of()).map(read)));
        }
        // The same order on every node's pages.
        answers.sort(Comparator.comparing(NodeAnswer::name));
        return answers;
    }

    /** What one node answered; empty when it could not (no plugin there, or a version without the command). */
    public static final class NodeAnswer<T> {
        private final String node;
        private final String name;
        private final Optional<T> answer;

        NodeAnswer(String node, String name, Optional<T> answer) {
            this.node = node;
            this.name = name;
            this.answer = answer;
        }

        public String node() {
            return node;
        }

        public String name() {
            return name;
        }

        public Optional<T> answer() {
            return answer;
        }
    }
}
