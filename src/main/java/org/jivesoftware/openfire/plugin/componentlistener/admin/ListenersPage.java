package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerState;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The listeners page: every defined listener with its state (on every cluster node), and enable, disable, remove;
 * the plugin's totals per node and summed.
 */
public final class ListenersPage extends AdminPage<ListenersPage> {
    /** The states a listener is shown in; {@code unknown} on a node that did not answer. */
    public static final List<String> STATES = List.of("running", "stopped", "disabled", "failed", "unknown");
    private final List<Row> rows = new ArrayList<>();
    private final List<Total> totals = new ArrayList<>();
    private final List<String> nodeNames = new ArrayList<>();
    private boolean clustered;

    ListenersPage(AdminConsole console) {
        super(console);
    }

    public static ListenersPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new ListenersPage(AdminConsole.current()).serve(request, response);
    }

    @Override
    void post(AdminRequest request) {
        String id = request.param("id");
        String action = request.param("action");
        ListenerConfigs configs = console.configs();
        if (!configs.listenerIds().contains(id)) {
            refuse(Notice.error("notice.listener.unknown", id));
            return;
        }
        switch (action) {
            case "enable":
            case "disable":
                configs.save(id, Map.of(ListenerOption.ENABLED, String.valueOf("enable".equals(action))));
                break;
            case "remove":
                configs.remove(id);
                break;
            default:
                refuse(Notice.error("notice.action.unknown", action));
                return;
        }
        ListenerChange change = ListenerChanges.apply(console, id);
        done(request, ListenerChanges.noticeOf(change), "Component Listener: " + action + " listener " + id,
            LISTENERS_PAGE);
    }

    @Override
    void show(AdminRequest request) {
        ListenerConfigs configs = console.configs();
        ClusterNode cluster = console.cluster();
        clustered = cluster.isClustered();
        Map<String, ListenerState> local = console.listeners().states();
        List<ClusterNode.NodeAnswer<Map<String, ListenerState>>> states = cluster.listenerStates();
        Map<String, Integer> components = ListenerChanges.componentsByListener(console);
        for (String id : configs.listenerIds()) {
            Map<ListenerOption, String> values = configs.values(id);
            boolean enabled = Boolean.parseBoolean(values.get(ListenerOption.ENABLED));
            List<NodeState> nodes = new ArrayList<>();
            for (ClusterNode.NodeAnswer<Map<String, ListenerState>> node : states) {
                nodes.add(node.answer().map(answer -> new NodeState(node.name(), state(answer, id, enabled),
                    problems(answer, id))).orElse(new NodeState(node.name(), "unknown", List.of())));
            }
            rows.add(new Row(id, values.get(ListenerOption.IP_ADDRESS) + ":" + values.get(ListenerOption.PORT),
                state(local, id, enabled), problems(local, id), components.getOrDefault(id, 0),
                Message.listed(ListenerChanges.changedOptions(values)), enabled, nodes));
        }
        List<ClusterNode.NodeAnswer<Map<String, Long>>> counts = cluster.counters();
        counts.forEach(node -> nodeNames.add(node.name()));
        for (String key : console.listeners().totals().keySet()) {
            List<Long> perNode = new ArrayList<>();
            counts.forEach(node -> perNode.add(node.answer().map(answer -> answer.get(key)).orElse(null)));
            totals.add(new Total(key, perNode));
        }
    }

    /** A listener's state on a node, from what the node says runs there or failed (see ListenerManager#states). */
    private static String state(Map<String, ListenerState> onNode, String id, boolean enabled) {
        ListenerState state = onNode.get(id);
        return state != null ? state.state() : enabled ? "stopped" : "disabled";
    }

    /** Why a listener failed on a node, or what a running one could not do (load a renewed certificate). */
    private static List<Message> problems(Map<String, ListenerState> onNode, String id) {
        ListenerState state = onNode.get(id);
        return state == null ? List.of() : state.problems();
    }

    public List<Row> getRows() {
        return rows;
    }

    public List<Total> getTotals() {
        return totals;
    }

    /** Whether there are other nodes: the page then shows each listener's state and the totals per node. */
    public boolean isClustered() {
        return clustered;
    }

    /** The nodes, in the order of each total's values. */
    public List<String> getNodeNames() {
        return nodeNames;
    }

    /**
     * One listener. State is one of running, stopped, disabled, failed (with its problems); a running one may have a
     * problem too: a renewed certificate it could not load.
     */
    public static final class Row {
        private final String id;
        private final String address;
        private final String state;
        private final List<Message> problems;
        private final int components;
        private final Message changedOptions;
        private final boolean enabled;
        private final List<NodeState> nodes;

        Row(String id, String address, String state, List<Message> problems, int components, Message changedOptions,
            boolean enabled, List<NodeState> nodes) {
            this.id = id;
            this.address = address;
            this.state = state;
            this.problems = problems;
            this.components = components;
            this.changedOptions = changedOptions;
            this.enabled = enabled;
            this.nodes = nodes;
        }

        public String getId() {
            return id;
        }

        public String getAddress() {
            return address;
        }

        public String getState() {
            return state;
        }

        public List<Message> getProblems() {
            return problems;
        }

        public int getComponents() {
            return components;
        }

        public Message getChangedOptions() {
            return changedOptions;
        }

        public boolean isEnabled() {
            return enabled;
        }

        /** The listener on each node. */
        public List<NodeState> getNodes() {
            return nodes;
        }
    }

    /** A listener on one node: state, one of {@link #STATES}, with its problems when it failed. */
    public static final class NodeState {
        private final String node;
        private final String state;
        private final List<Message> problems;

        NodeState(String node, String state, List<Message> problems) {
            this.node = node;
            this.state = state;
            this.problems = problems;
        }

        public String getNode() {
            return node;
        }

        public String getState() {
            return state;
        }

        public List<Message> getProblems() {
            return problems;
        }
    }

    /** One of the plugin's totals, i18n key {@code stat.<key>.name}: summed, and per node (null: no answer). */
    public static final class Total {
        private final String key;
        private final List<Long> perNode;

        Total(String key, List<Long> perNode) {
            this.key = key;
            this.perNode = perNode;
        }

        public String getKey() {
            return key;
        }

        /** The sum over the nodes that answered. */
        public long getValue() {
            return perNode.stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
        }

        public List<Long> getPerNode() {
            return perNode;
        }
    }
}
