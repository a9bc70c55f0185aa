package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterEventListener;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster port on Openfire's own cluster machinery: plain clustered caches of strings ({@code CacheFactory}),
 * their locks, {@link PluginCommandTask} run by {@code CacheFactory.doSynchronousClusterTask} and
 * {@code ClusterManager}'s events. Without clustering, Openfire's caches and locks are local and this node is
 * the only one.
 */
final class OpenfireCluster implements ClusterPort {
    private static final Logger LOG = LoggerFactory.getLogger(OpenfireCluster.class);
    static final String CACHE_PREFIX = "Component Listener ";
    private static final String LOCKS = CACHE_PREFIX + "Locks";
    /** {@code Cache.getLock(key)} where the running Openfire has it; looked up once. */
    private static final Optional<Method> CACHE_GET_LOCK = Arrays.stream(Cache.class.getMethods())
        .filter(method -> "getLock".equals(method.getName()) && method.getParameterCount() == 1)
        .findFirst();

    private final Map<String, Cache<String, String>> caches = new ConcurrentHashMap<>();
    private final Map<Listener, ClusterEventListener> listeners = new ConcurrentHashMap<>();

    @Override
    public String localNode() {
        return XMPPServer.getInstance().getNodeID().toString();
    }

    @Override
    public List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        nodes.add(localNode());
        if (ClusterManager.isClusteringStarted()) {
            for (ClusterNodeInfo info : ClusterManager.getNodesInfo()) {
                String node = info.getNodeID().toString();
                if (!nodes.contains(node)) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    @Override
    public String nodeName(String node) {
        ClusterNodeInfo info = ClusterManager.isClusteringStarted()
            ? CacheFactory.getClusterNodeInfo(bytes(node)) : null;
        if (info != null) {
            return info.getHostName();
        }
        return node.equals(localNode()) ? XMPPServer.getInstance().getServerInfo().getHostname() : node;
    }

    @Override
    public Map<String, String> sharedMap(String name) {
        return cache(CACHE_PREFIX + name);
    }

    /**
     * Openfire gives a cache without settings a lifetime of six hours: the plugin's entries must live as long as
     * what they describe, so the cache gets no limits unless an admin set some. A plain (not serialising) cache:
     * Openfire's Hazelcast plugin 5.5.0.1 fails to destroy serialising ones.
     */
    private Cache<String, String> cache(String name) {
        return caches.computeIfAbsent(name, key -> {
            if (!CacheFactory.hasMaxLifetimeFromProperty(key)) {
                CacheFactory.setMaxLifetimeProperty(key, -1);
            }
            if (!CacheFactory.hasMaxSizeFromProperty(key)) {
                CacheFactory.setMaxSizeProperty(key, -1);
            }
            return CacheFactory.createCache(key);
        });
    }

    /**
     * Openfire 4.9 and later lock with {@code Cache.getLock(key)}, which the 4.2 API this is compiled against lacks;
     * 5.0 removed {@code CacheFactory.getLock(key, cache)}, which older versions have. The one that exists is used.
     */
    @Override
    public Lock lock(String key) {
        Cache<String, String> cache = cache(LOCKS);
        if (CACHE_GET_LOCK.isEmpty()) {
            return CacheFactory.getLock(key, cache);
        }
        try {
            return (Lock) CACHE_GET_LOCK.get().invoke(cache, key);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Openfire refused a cluster lock for " + key, e);
        }
    }

    @Override
    public Optional<Serializable> run(String node, String command, List<String> arguments) {
        PluginCommandTask task = new PluginCommandTask(command, arguments);
        if (node.equals(localNode())) {
            task.run();
            return answer(task.getResult());
        }
        try {
            return answer(CacheFactory.doSynchronousClusterTask(task, bytes(node)));
        } catch (RuntimeException e) {
            // A node without the plugin cannot load the task: the same as a node that does not know the command.
            LOG.warn("Node {} did not answer the command {}", node, command, e);
            return Optional.empty();
        }
    }

    private static Optional<Serializable> answer(Object result) {
        return result instanceof Serializable ? Optional.of((Serializable) result) : Optional.empty();
    }

    @Override
    public void serve(CommandHandler handler) {
        PluginCommandTask.serve(handler);
    }

    @Override
    public void addListener(Listener listener) {
        ClusterEventListener events = new ClusterEventListener() {
            @Override
            public void joinedCluster() {
                listener.membershipChanged();
            }

            @Override
            public void joinedCluster(byte[] nodeID) {
                // A node that joins reads the shared maps as they are.
            }

            @Override
            public void leftCluster() {
                listener.membershipChanged();
            }

            @Override
            public void leftCluster(byte[] nodeID) {
                listener.nodeLeft(node(nodeID));
            }

            @Override
            public void markedAsSeniorClusterMember() {
                // Every node cleans up after a departed one; seniority changes nothing.
            }
        };
        listeners.put(listener, events);
        ClusterManager.addListener(events);
    }

    @Override
    public void removeListener(Listener listener) {
        ClusterEventListener events = listeners.remove(listener);
        if (events != null) {
            ClusterManager.removeListener(events);
        }
    }

    /** Node ids are bytes in Openfire; their text form is how {@code NodeID} shows them. */
    private static String node(byte[] nodeID) {
        return new String(nodeID, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String node) {
        return node.getBytes(StandardCharsets.UTF_8);
    }
}
