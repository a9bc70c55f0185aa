package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;

/**
 * The components page: every component connected to any listener on any cluster node, filtered by listener, searched
 * by domain, sorted by any column; kick, and kick and block, on whichever node the component is connected.
 */
public final class ComponentsPage extends AdminPage<ComponentsPage> {
    static final String PAGE = "componentlistener-components.jsp";
    static final String KICKED_TEXT = "Closed by an administrator";
    static final String BLOCKED_TEXT = "Closed and blocked by an administrator";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The column of the node, shown when clustered. */
    static final String NODE_COLUMN = "node";

    /** The sortable columns, by the name the page's links use. */
    private static final Map<String, Comparator<Row>> COLUMNS = columns();

    /** Every column, by the name the page's links use. */
    public static final List<String> COLUMN_NAMES = List.copyOf(COLUMNS.keySet());

    private final List<Row> rows = new ArrayList<>();
    private final List<String> listenerIds = new ArrayList<>();
    private final List<String> silentNodes = new ArrayList<>();
    private boolean clustered;
    private String listener = "";
    private String search = "";
    private String sort = "domain";
    private boolean descending;

    ComponentsPage(AdminConsole console) {
        super(console);
    }

    public static ComponentsPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new ComponentsPage(AdminConsole.current()).serve(request, response);
    }

    private static Map<String, Comparator<Row>> columns() {
        Map<String, Comparator<Row>> columns = new LinkedHashMap<>();
        columns.put("domain", by(Comparator.comparing(SessionSnapshot::getDomain)));
        columns.put("fleet", by(Comparator.comparingInt(SessionSnapshot::getFleetSize)));
        columns.put("listener", by(Comparator.comparing(SessionSnapshot::getListenerId)));
        columns.put("remote", by(Comparator.comparing(SessionSnapshot::getRemoteAddress)));
        columns.put("since", by(Comparator.comparing(SessionSnapshot::getSince)));
        columns.put("stanzasIn", by(Comparator.comparingLong(SessionSnapshot::getStanzasIn)));
        columns.put("stanzasOut", by(Comparator.comparingLong(SessionSnapshot::getStanzasOut)));
        columns.put("bytesIn", by(Comparator.comparingLong(SessionSnapshot::getBytesIn)));
        columns.put("bytesOut", by(Comparator.comparingLong(SessionSnapshot::getBytesOut)));
        columns.put("queue", by(Comparator.comparingInt(SessionSnapshot::getQueueDepth)));
        columns.put("hidden", by(Comparator.comparing(SessionSnapshot::isHidden)));
        columns.put(NODE_COLUMN, Comparator.comparing(Row::getNodeName));
        return columns;
    }

    private static Comparator<Row> by(Comparator<SessionSnapshot> order) {
        return Comparator.comparing(Row::getSession, order);
    }

    @Override
    void post(AdminRequest request) {
        String action = request.param("action");
        String domain = request.param("domain");
        boolean block = "kickblock".equals(action);
        if (!block && !"kick".equals(action)) {
            refuse(Notice.error("notice.action.unknown", action));
            return;
        }
        // Kick ends the one connection from the address given (without one: all); kick and block ends every
        // connection of the domain.
        String remote = block || request.param("remote").isEmpty() ? null : request.param("remote");
        List<Row> connected = connectedRows().stream().filter(row -> row.getSession().getDomain().equals(domain))
            .filter(row -> remote == null || row.getSession().getRemoteAddress().equals(remote))
            .collect(Collectors.toList());
        boolean closed = false;
        for (String node : connected.stream().map(Row::getNode).collect(Collectors.toCollection(TreeSet::new))) {
            closed |= console.cluster().closeByAdmin(node, domain, remote, block ? BLOCKED_TEXT : KICKED_TEXT);
        }
        if (!closed) {
            refuse(Notice.error("notice.component.unknown", domain));
            return;
        }
        if (block) {
            // After the stream has closed: the block's own disconnect finds nothing left to close.
            console.openfire().blockSubdomain(connected.get(0).getSession().getSubdomain());
        }
        done(request, Notice.success(block ? "notice.component.blocked" : "notice.component.kicked", domain),
            "Component Listener: " + (block ? "kicked and blocked" : "kicked") + " component " + domain, PAGE);
    }

    @Override
    void show(AdminRequest request) {
        listener = request.param("listener");
        search = request.param("q").toLowerCase(Locale.ROOT);
        sort = COLUMNS.containsKey(request.param("sort")) ? request.param("sort") : "domain";
        descending = "desc".equals(request.param("order"));
        Comparator<Row> order = COLUMNS.get(sort).thenComparing(row -> row.getSession().getDomain());
        clustered = console.cluster().isClustered();
        connectedRows().stream()
            .filter(row -> listener.isEmpty() || row.getSession().getListenerId().equals(listener))
            .filter(row -> row.getSession().getDomain().contains(search))
            .sorted(descending ? order.reversed() : order)
            .forEach(rows::add);
        listenerIds.addAll(console.configs().listenerIds());
    }

    /** Every authenticated component on every node; the names of the nodes that did not answer are noted. */
    private List<Row> connectedRows() {
        Instant now = Instant.now();
        List<Row> connected = new ArrayList<>();
        for (ClusterNode.NodeAnswer<List<SessionSnapshot>> node : console.cluster().sessions()) {
            if (node.answer().isEmpty()) {
                silentNodes.add(node.name());
            }
            for (SessionSnapshot s : node.answer().orElse(List.of())) {
                connected.add(new Row(s, node.node(), node.name(),
                    LOCAL_TIME.format(s.getSince().atZone(ZoneId.systemDefault())),
                    ago(Duration.between(s.getSince(), now))));
            }
        }
        return connected;
    }

    /** A short, language-neutral age: {@code 42s}, {@code 5m 3s}, {@code 2h 10m}, {@code 3d 4h}. */
    static String ago(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86400 + "d " + seconds % 86400 / 3600 + "h";
    }

    public List<Row> getRows() {
        return rows;
    }

    /** The running listeners, for the filter. */
    public List<String> getListenerIds() {
        return listenerIds;
    }

    public String getListener() {
        return listener;
    }

    public String getSearch() {
        return search;
    }

    public String getSort() {
        return sort;
    }

    public boolean isDescending() {
        return descending;
    }

    /** The columns, by the name the page's links use; the node's only in a cluster. */
    public List<String> getColumns() {
        List<String> columns = new ArrayList<>(COLUMN_NAMES);
        if (!clustered) {
            columns.remove(NODE_COLUMN);
        }
        return columns;
    }

    public boolean isClustered() {
        return clustered;
    }

    /** Nodes that could not list their components: the plugin does not run there, or an older version does. */
    public List<String> getSilentNodes() {
        return silentNodes;
    }

    /** One connected component, with its node and its connection time readable. */
    public static final class Row {
        private final SessionSnapshot session;
        private final String node;
        private final String nodeName;
        private final String since;
        private final String ago;

        Row(SessionSnapshot session, String node, String nodeName, String since, String ago) {
            this.session = session;
            this.node = node;
            this.nodeName = nodeName;
            this.since = since;
            this.ago = ago;
        }

        public SessionSnapshot getSession() {
            return session;
        }

        /** The id of the cluster node the component is connected to. */
        public String getNode() {
            return node;
        }

        public String getNodeName() {
            return nodeName;
        }

        /** Local time of the server. */
        public String getSince() {
            return since;
        }

        public String getAgo() {
            return ago;
        }
    }
}
