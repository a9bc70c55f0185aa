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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerServer;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;

/**
 * The components page: every component connected to any listener, filtered by listener, searched by domain, sorted
 * by any column; kick, and kick and block.
 */
public final class ComponentsPage extends AdminPage<ComponentsPage> {
    static final String PAGE = "componentlistener-components.jsp";
    static final String KICKED_TEXT = "Closed by an administrator";
    static final String BLOCKED_TEXT = "Closed and blocked by an administrator";
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The sortable columns, by the name the page's links use. */
    private static final Map<String, Comparator<SessionSnapshot>> COLUMNS = columns();

    /** The columns, by the name the page's links use. */
    public static final List<String> COLUMN_NAMES = List.copyOf(COLUMNS.keySet());

    private final List<Row> rows = new ArrayList<>();
    private final List<String> listenerIds = new ArrayList<>();
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

    private static Map<String, Comparator<SessionSnapshot>> columns() {
        Map<String, Comparator<SessionSnapshot>> columns = new LinkedHashMap<>();
        columns.put("domain", Comparator.comparing(SessionSnapshot::getDomain));
        columns.put("listener", Comparator.comparing(SessionSnapshot::getListenerId));
        columns.put("remote", Comparator.comparing(SessionSnapshot::getRemoteAddress));
        columns.put("since", Comparator.comparing(SessionSnapshot::getSince));
        columns.put("stanzasIn", Comparator.comparingLong(SessionSnapshot::getStanzasIn));
        columns.put("stanzasOut", Comparator.comparingLong(SessionSnapshot::getStanzasOut));
        columns.put("bytesIn", Comparator.comparingLong(SessionSnapshot::getBytesIn));
        columns.put("bytesOut", Comparator.comparingLong(SessionSnapshot::getBytesOut));
        columns.put("queue", Comparator.comparingInt(SessionSnapshot::getQueueDepth));
        columns.put("hidden", Comparator.comparing(SessionSnapshot::isHidden));
        return columns;
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
        Optional<SessionSnapshot> connected = snapshots().stream().filter(s -> s.getDomain().equals(domain))
            .findFirst();
        Optional<CompletableFuture<Void>> closing = connected.isEmpty() ? Optional.empty()
            : console.listeners().closeByAdmin(domain, block ? BLOCKED_TEXT : KICKED_TEXT);
        if (closing.isEmpty()) {
            refuse(Notice.error("notice.component.unknown", domain));
            return;
        }
        if (block) {
            // After the stream error is on its way: the block's own disconnect finds the stream already closing.
            console.openfire().blockSubdomain(connected.get().getSubdomain());
        }
        awaitClosed(closing.get());
        done(request, Notice.success(block ? "notice.component.blocked" : "notice.component.kicked", domain),
            "Component Listener: " + (block ? "kicked and blocked" : "kicked") + " component " + domain, PAGE);
    }

    private static void awaitClosed(CompletableFuture<Void> closing) {
        try {
            closing.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The domain is already gone; the socket closes on its own a moment later.
        }
    }

    @Override
    void show(AdminRequest request) {
        listener = request.param("listener");
        search = request.param("q").toLowerCase(Locale.ROOT);
        sort = COLUMNS.containsKey(request.param("sort")) ? request.param("sort") : "domain";
        descending = "desc".equals(request.param("order"));
        Comparator<SessionSnapshot> order = COLUMNS.get(sort).thenComparing(SessionSnapshot::getDomain);
        Instant now = Instant.now();
        snapshots().stream()
            .filter(s -> listener.isEmpty() || s.getListenerId().equals(listener))
            .filter(s -> s.getDomain().contains(search))
            .sorted(descending ? order.reversed() : order)
            .forEach(s -> rows.add(new Row(s, LOCAL_TIME.format(s.getSince().atZone(ZoneId.systemDefault())),
                ago(Duration.between(s.getSince(), now)))));
        for (ListenerServer running : console.listeners().listeners()) {
            listenerIds.add(running.config().id());
        }
    }

    /** Every authenticated component of every running listener. */
    private List<SessionSnapshot> snapshots() {
        List<SessionSnapshot> snapshots = new ArrayList<>();
        for (ListenerServer running : console.listeners().listeners()) {
            for (SessionSnapshot session : running.sessions()) {
                if (session.isAuthenticated()) {
                    snapshots.add(session);
                }
            }
        }
        return snapshots;
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

    public List<String> getColumns() {
        return COLUMN_NAMES;
    }

    /** One connected component, with its connection time readable. */
    public static final class Row {
        private final SessionSnapshot session;
        private final String since;
        private final String ago;

        Row(SessionSnapshot session, String since, String ago) {
            this.session = session;
            this.since = since;
            this.ago = ago;
        }

        public SessionSnapshot getSession() {
            return session;
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
