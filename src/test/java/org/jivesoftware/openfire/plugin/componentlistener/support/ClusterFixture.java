package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jivesoftware.openfire.plugin.componentlistener.admin.AdminConsole;
import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenItemsFilter;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;

/**
 * Openfire nodes in one cluster, in one JVM, each with the plugin's parts wired as the plugin wires them (listeners,
 * cluster commands and events, the hidden-items filter, the admin console) and its listeners on real loopback TCP.
 * The nodes share Openfire's settings, as its database does, but node {@code n} binds its listeners to
 * {@code 127.0.0.n}, as separate hosts would bind the same port to their own addresses.
 */
public final class ClusterFixture implements AutoCloseable {
    public static final String LISTENER = "gw";

    public final InMemoryCluster cluster = new InMemoryCluster();
    public final MapPropertyStore settings = new MapPropertyStore();
    public final AtomicBoolean usersCanSeeHidden = new AtomicBoolean();
    private final List<Node> nodes = new ArrayList<>();
    private InMemoryOpenfire first;
    private final int port;

    /** One listener {@value #LISTENER} with password {@link ListenerFixture#SECRET} and the options. */
    public ClusterFixture(Map<ListenerOption, String> options) throws Exception {
        port = Ports.free();
        ListenerConfigs configs = new ListenerConfigs(settings);
        configs.save(LISTENER, Map.of(ListenerOption.PORT, String.valueOf(port), ListenerOption.PASSWORD,
            ListenerFixture.SECRET));
        configs.save(LISTENER, options);
    }

    /** A node joins the cluster; with the plugin running unless {@code withPlugin} is false. */
    public Node join(boolean withPlugin) {
        String name = "node" + (nodes.size() + 1);
        InMemoryCluster.Node member = cluster.join(name);
        InMemoryOpenfire openfire;
        if (first == null) {
            first = new InMemoryOpenfire(member).defaultSecret("default");
            openfire = first;
        } else {
            openfire = first.onAnotherNode(member);
        }
        Node node = new Node(openfire, "127.0.0." + (nodes.size() + 1));
        nodes.add(node);
        if (withPlugin) {
            node.start();
        }
        return node;
    }

    public Node join() {
        return join(true);
    }

    /** The listener's port, the same on every node. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.stop();
        }
        cluster.close();
    }

    /** One Openfire node and the plugin on it. */
    public final class Node {
        public final InMemoryOpenfire openfire;
        public final String address;
        private final PropertyStore properties;
        private PluginParts parts;
        private ListenerManager listeners;
        private ClusterNode clusterNode;
        private AdminConsole console;

        private Node(InMemoryOpenfire openfire, String address) {
            this.openfire = openfire;
            this.address = address;
            this.properties = new NodeAddress(settings, address);
        }

        /** As the plugin starts. */
        public void start() {
            parts = new PluginParts(openfire, hiddenFlags -> new HiddenItemsFilter(InMemoryOpenfire.DOMAIN,
                hiddenFlags::domains, usersCanSeeHidden::get)::complete);
            listeners = parts.listeners();
            clusterNode = new ClusterNode(openfire.cluster(), listeners, parts.registry, parts.hiddenFlags);
            clusterNode.start();
            listeners.apply(new ListenerConfigs(properties).readAll());
            openfire.addOutgoingIqFilter(parts.iqFilter);
            console = new AdminConsole(listeners, properties, new RecordingOpenfireAdmin(openfire), clusterNode);
        }

        /** As the plugin stops; nothing when it is not running. */
        public void stop() {
            if (listeners == null) {
                return;
            }
            openfire.removeOutgoingIqFilter(parts.iqFilter);
            clusterNode.stop();
            parts.close();
            listeners = null;
        }

        public ListenerManager listeners() {
            return listeners;
        }

        /** What this node's listeners did. */
        public ListenerCounters counters() {
            return parts.counters;
        }

        public AdminConsole console() {
            return console;
        }

        public ClusterNode clusterNode() {
            return clusterNode;
        }

        public InMemoryCluster.Node member() {
            return openfire.node();
        }

        /** A component connects to this node's listener and authenticates. */
        public RawComponent connect(String domain) throws Exception {
            return RawComponent.connect(address, port, domain, ListenerFixture.SECRET);
        }

        /** An unauthenticated connection to this node's listener. */
        public RawComponent open() throws Exception {
            return new RawComponent(address, port);
        }

        @Override
        public String toString() {
            return openfire.node().toString();
        }
    }

    /** The shared settings, with the listener bound to the node's own loopback address. */
    private static final class NodeAddress implements PropertyStore {
        private final PropertyStore shared;
        private final String address;

        NodeAddress(PropertyStore shared, String address) {
            this.shared = shared;
            this.address = address;
        }

        @Override
        public String get(String name) {
            return name.equals(ListenerConfigs.propertyName(LISTENER, ListenerOption.IP_ADDRESS)) ? address
                : shared.get(name);
        }

        @Override
        public void set(String name, String value) {
            shared.set(name, value);
        }

        @Override
        public void delete(String name) {
            shared.delete(name);
        }

        @Override
        public List<String> names(String prefix) {
            return shared.names(prefix);
        }
    }
}
