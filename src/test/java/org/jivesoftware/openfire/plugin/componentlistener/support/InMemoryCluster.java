package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;

/**
 * An in-memory stand-in for Openfire's clustered caches and cluster tasks, for several nodes in one JVM. What crosses
 * between nodes is serialised and read back as Hazelcast would, and only JDK classes may be read back: a plugin
 * class in a shared map or a command's arguments or answer fails here as it would fail on a node that cannot load it.
 * Commands run on the target node's own threads. A node leaves gracefully or crashes; the others are told.
 */
public final class InMemoryCluster {
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final Map<String, Map<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final List<Node> members = new CopyOnWriteArrayList<>();
    private final List<Node> everyNode = new CopyOnWriteArrayList<>();
    private final AtomicInteger joined = new AtomicInteger();

    /** A new node joins (as an Openfire with clustering enabled starts); it sees the shared maps as they are. */
    public Node join(String name) {
        Node node = new Node("node-" + joined.incrementAndGet(), name);
        members.add(node);
        everyNode.add(node);
        return node;
    }

    /** The node leaves on purpose: it falls back to maps of its own, and the others are told it left. */
    public void leave(Node node) {
        depart(node);
        node.listeners.forEach(ClusterPort.Listener::membershipChanged);
    }

    /** The node dies: it answers nothing more, and the others are told it left. */
    public void crash(Node node) {
        node.executor.shutdownNow();
        depart(node);
    }

    private void depart(Node node) {
        members.remove(node);
        for (Node other : members) {
            other.listeners.forEach(listener -> listener.nodeLeft(node.id));
        }
    }

    /** Stops every node's threads. */
    public void close() {
        everyNode.forEach(node -> node.executor.shutdownNow());
    }

    static byte[] serialise(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static boolean isJdkClass(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.isPrimitive() || element.getName().startsWith("java.");
    }

    /** Reads back what another node wrote, refusing any class that is not the JDK's. */
    static Object deserialise(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> info.serialClass() == null || isJdkClass(info.serialClass())
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED);
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Another node could not read this", e);
        }
    }

    /** One node's view of the cluster. */
    public final class Node implements ClusterPort {
        private final String id;
        private final String name;
        private final ExecutorService executor;
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();
        /** The maps and locks of a node that has left: Openfire's caches are local again. */
        private final Map<String, Map<String, byte[]>> ownMaps = new ConcurrentHashMap<>();
        private final Map<String, Lock> ownLocks = new ConcurrentHashMap<>();
        private volatile CommandHandler handler;

        private Node(String id, String name) {
            this.id = id;
            this.name = name;
            this.executor = Executors.newCachedThreadPool(new DefaultThreadFactory("cluster-" + name, true));
        }

        private boolean isMember() {
            return members.contains(this);
        }

        @Override
        public String localNode() {
            return id;
        }

        @Override
        public List<String> nodes() {
            List<String> nodes = new ArrayList<>(List.of(id));
            if (isMember()) {
                members.stream().filter(node -> node != this).forEach(node -> nodes.add(node.id));
            }
            return nodes;
        }

        @Override
        public String nodeName(String node) {
            return node.equals(id) ? name
                : members.stream().filter(member -> member.id.equals(node)).map(member -> member.name).findFirst()
                    .orElse(node);
        }

        @Override
        public Map<String, String> sharedMap(String mapName) {
            return new SerialisingMap((isMember() ? maps : ownMaps).computeIfAbsent(mapName,
                key -> new ConcurrentHashMap<>()));
        }

        @Override
        public Lock lock(String key) {
            return (isMember() ? locks : ownLocks).computeIfAbsent(key, k -> new ReentrantLock());
        }

        /** On this node, as Openfire's adapter does, the handler runs at once; on another, on that node's threads. */
        @Override
        public Optional<Serializable> run(String node, String command, List<String> arguments) {
            if (node.equals(id)) {
                CommandHandler commands = handler;
                return Optional.ofNullable(commands == null ? null : commands.handle(command, arguments));
            }
            Node target = members.stream().filter(member -> member.id.equals(node)).findFirst().orElse(null);
            if (target == null || !isMember()) {
                return Optional.empty();
            }
            byte[] sent = serialise(new ArrayList<>(arguments));
            try {
                Future<byte[]> answer = target.executor.submit(() -> {
                    CommandHandler commands = target.handler;
                    @SuppressWarnings("unchecked")
                    List<String> received = (List<String>) deserialise(sent);
                    Serializable result = commands == null ? null : commands.handle(command, received);
                    return result == null ? null : serialise(result);
                });
                return Optional.ofNullable((Serializable) deserialise(
                    answer.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)));
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public void serve(CommandHandler commands) {
            handler = commands;
        }

        @Override
        public void addListener(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Listener listener) {
            listeners.remove(listener);
        }

        /** The listeners added and not removed. */
        public int listeners() {
            return listeners.size();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A map whose values are stored serialised, as a clustered cache stores them. */
    private static final class SerialisingMap extends AbstractMap<String, String> {
        private final Map<String, byte[]> store;

        SerialisingMap(Map<String, byte[]> store) {
            this.store = store;
        }

        @Override
        public String get(Object key) {
            return (String) deserialise(store.get(key));
        }

        @Override
        public String put(String key, String value) {
            return (String) deserialise(store.put(key, serialise(value)));
        }

        @Override
        public String remove(Object key) {
            return (String) deserialise(store.remove(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return store.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Set<Entry<String, String>> entries = new HashSet<>();
            store.forEach((key, value) -> entries.add(new SimpleImmutableEntry<>(key, (String) deserialise(value))));
            return entries;
        }
    }
}
