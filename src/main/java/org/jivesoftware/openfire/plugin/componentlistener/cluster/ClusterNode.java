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

import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerState;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.ExternalComponentsWatcher;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;

/**
 * This node's part in a cluster: answers the other nodes' commands (give up a domain, list sessions and listeners,
 * count, close a session for an admin, check sessions against changed settings), removes what a departed node
 * published, and asks every node on behalf of the admin console and of Openfire's External Components settings.
 * Every answer is made of JDK types only.
 */
public final class ClusterNode implements ClusterPort.Listener, ExternalComponentsWatcher.Reaction {
    static final String SESSIONS = "sessions";
    static final String CLOSE = "close";
    static final String COUNTERS = "counters";
    static final String REVOKE = "revoke";
    static final String REVALIDATE = "revalidate";
    static final String CLOSED = "closed";
    static final String DONE = "done";
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ClusterPort cluster;
    private final ListenerManager listeners;

    public ClusterNode(ClusterPort cluster, ListenerManager listeners) {
        this.cluster = cluster;
        this.listeners = listeners;
    }

    public void start() {
        cluster.serve(this::handle);
        cluster.addListener(this);
    }

    public void stop() {
        cluster.removeListener(this);
        cluster.serve(null);
    }

    private Serializable handle(String command, List<String> arguments) {
        switch (command) {
            case ComponentRegistry.RELEASE_COMMAND:
                return listeners.registry().releaseForOtherNode(arguments.get(0),
                    Boolean.parseBoolean(arguments.get(1)));
            case SESSIONS:
                ArrayList<HashMap<String, String>> sessions = new ArrayList<>();
                listeners.authenticatedSessions().forEach(session -> sessions.add(session.toMap()));
                return sessions;
            case CLOSE:
                return closeByAdmin(arguments.get(0), arguments.get(1));
            case ListenerStates.OLD_COMMAND:
                return ListenerStates.encodeOld(listeners.states());
            case ListenerStates.COMMAND:
                return ListenerStates.encode(listeners.states());
            case COUNTERS:
                return new HashMap<>(listeners.totals());
            case REVOKE:
                listeners.registry().revoke(arguments.get(0),
                    arguments.get(0) + " was blocked in the External Components settings");
                return DONE;
            case REVALIDATE:
                listeners.registry().revalidateSoon();
                return DONE;
            default:
                return null;
        }
    }

    /** Closes the session here and waits (briefly) until it is closed, so that the admin sees it gone. */
    private String closeByAdmin(String domain, String text) {
        Optional<CompletableFuture<Void>> closing = listeners.closeByAdmin(domain, text);
        if (closing.isEmpty()) {
            return ComponentRegistry.NONE_HELD;
        }
        try {
            closing.get().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The domain is already gone; the socket closes on its own a moment later.
        }
        return CLOSED;
    }

    @Override
    public void nodeLeft(String node) {
        listeners.registry().hiddenFlags().nodeLeft(node);
    }

    @Override
    public void membershipChanged() {
        listeners.registry().hiddenFlags().republish();
    }

    // ---- Openfire's External Components settings (reported only on the node where they change) ------------------

    @Override
    public void blocked(String subdomain) {
        for (String node : cluster.nodes()) {
            cluster.run(node, REVOKE, List.of(subdomain));
            // And a check once the block is stored: a connection admitted just before (Openfire announces the block
            // before storing it, and its answers are reused for a moment) is found then.
            cluster.run(node, REVALIDATE, List.of());
        }
    }

    @Override
    public void changed() {
        for (String node : cluster.nodes()) {
            cluster.run(node, REVALIDATE, List.of());
        }
    }

    // ---- for the admin console ------------------------------------------------------------------------------------

    /** Whether there are other nodes (the pages then say which node is which). */
    public boolean isClustered() {
        return cluster.nodes().size() > 1;
    }

    /** The components connected to each node. */
    @SuppressWarnings("unchecked")
    public List<NodeAnswer<List<SessionSnapshot>>> sessions() {
        return askEveryNode(SESSIONS, answer -> {
            List<SessionSnapshot> sessions = new ArrayList<>();
            for (Map<String, String> session : (List<Map<String, String>>) answer) {
                sessions.add(SessionSnapshot.fromMap(session));
            }
            return sessions;
        });
    }

    /**
     * On each node, the listeners that run and those that failed, with their problems. A node of an older version,
     * which does not know the typed command, is asked the old one.
     */
    public List<NodeAnswer<Map<String, ListenerState>>> listenerStates() {
        List<NodeAnswer<Map<String, ListenerState>>> answers =
            askEveryNode(ListenerStates.COMMAND, ListenerStates::decode);
        answers.replaceAll(answer -> answer.answer().isPresent() ? answer : new NodeAnswer<>(answer.node(),
            answer.name(), cluster.run(answer.node(), ListenerStates.OLD_COMMAND, List.of())
                .map(ListenerStates::decodeOld)));
        return answers;
    }

    /** Each node's totals, by statistic key. */
    @SuppressWarnings("unchecked")
    public List<NodeAnswer<Map<String, Long>>> counters() {
        return askEveryNode(COUNTERS, answer -> (Map<String, Long>) answer);
    }

    /** Closes the session of the domain on the node, as an admin asked; false when none holds it there. */
    public boolean closeByAdmin(String node, String domain, String text) {
        return cluster.run(node, CLOSE, List.of(domain, text)).map(CLOSED::equals).orElse(false);
    }

    private <T> List<NodeAnswer<T>> askEveryNode(String command, Function<Serializable, T> read) {
        List<NodeAnswer<T>> answers = new ArrayList<>();
        for (String node : cluster.nodes()) {
            answers.add(new NodeAnswer<>(node, cluster.nodeName(node),
                cluster.run(node, command, List.of()).map(read)));
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
