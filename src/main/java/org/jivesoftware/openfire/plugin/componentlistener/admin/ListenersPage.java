package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerServer;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;

/** The listeners page: every defined listener with its state, and enable, disable, remove; the plugin's totals. */
public final class ListenersPage extends AdminPage<ListenersPage> {
    /** The states a listener is shown in. */
    public static final List<String> STATES = List.of("running", "stopped", "disabled", "failed");
    private final List<Row> rows = new ArrayList<>();
    private final List<Total> totals = new ArrayList<>();

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
        ListenerChange change = apply(console, id);
        done(request, noticeOf(change), "Component Listener: " + action + " listener " + id, LISTENERS_PAGE);
    }

    /** Applies the stored definitions now and returns what that did to one listener. */
    static ListenerChange apply(AdminConsole console, String id) {
        return console.listeners().apply(console.configs().readAll()).get(id);
    }

    /** What the admin is told of a change: {@code change.<kind>} with id, address, components and problems. */
    static Notice noticeOf(ListenerChange change) {
        String key = "change." + change.kind().name().toLowerCase(Locale.ROOT);
        Object[] args = {change.id(), change.address(), change.components(), String.join("; ", change.problems())};
        return change.kind() == ListenerChange.Kind.FAILED ? Notice.error(key, args) : Notice.success(key, args);
    }

    @Override
    void show(AdminRequest request) {
        ListenerConfigs configs = console.configs();
        Map<String, List<String>> problems = console.listeners().problems();
        Map<String, ListenerServer> running = new LinkedHashMap<>();
        for (ListenerServer listener : console.listeners().listeners()) {
            running.put(listener.config().id(), listener);
        }
        int connected = 0;
        for (String id : configs.listenerIds()) {
            Map<ListenerOption, String> values = configs.values(id);
            ListenerServer listener = running.get(id);
            int components = listener == null ? 0 : listener.connectedComponents();
            connected += components;
            String state = listener != null ? "running" : problems.containsKey(id) ? "failed"
                : Boolean.parseBoolean(values.get(ListenerOption.ENABLED)) ? "stopped" : "disabled";
            List<String> shownProblems = listener == null ? problems.getOrDefault(id, List.of())
                : listener.certificateProblem().map(List::of).orElse(List.of());
            rows.add(new Row(id, values.get(ListenerOption.IP_ADDRESS) + ":" + values.get(ListenerOption.PORT), state,
                shownProblems, components, changedOptions(values),
                Boolean.parseBoolean(values.get(ListenerOption.ENABLED))));
        }
        totals.add(new Total("connected", connected));
        ListenerCounters counters = console.listeners().registry().counters();
        for (ListenerCounters.Counter counter : ListenerCounters.Counter.values()) {
            totals.add(new Total(counter.key(), counters.get(counter)));
        }
    }

    /** The options that differ from their defaults, as {@code key=value}; the password only as being set. */
    static String changedOptions(Map<ListenerOption, String> values) {
        List<String> changed = new ArrayList<>();
        values.forEach((option, value) -> {
            boolean shownElsewhere = option == ListenerOption.PORT || option == ListenerOption.IP_ADDRESS
                || option == ListenerOption.ENABLED;
            if (!shownElsewhere && !value.equals(option.defaultValue())) {
                changed.add(option == ListenerOption.PASSWORD ? option.key() + " set" : option.key() + "=" + value);
            }
        });
        return String.join(", ", changed);
    }

    public List<Row> getRows() {
        return rows;
    }

    public List<Total> getTotals() {
        return totals;
    }

    /**
     * One listener. State is one of running, stopped, disabled, failed (with its problems); a running one may have a
     * problem too: a renewed certificate it could not load.
     */
    public static final class Row {
        private final String id;
        private final String address;
        private final String state;
        private final List<String> problems;
        private final int components;
        private final String changedOptions;
        private final boolean enabled;

        Row(String id, String address, String state, List<String> problems, int components, String changedOptions,
            boolean enabled) {
            this.id = id;
            this.address = address;
            this.state = state;
            this.problems = problems;
            this.components = components;
            this.changedOptions = changedOptions;
            this.enabled = enabled;
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

        public List<String> getProblems() {
            return problems;
        }

        public int getComponents() {
            return components;
        }

        public String getChangedOptions() {
            return changedOptions;
        }

        public boolean isEnabled() {
            return enabled;
        }
    }

    /** One of the plugin's totals: i18n key {@code stat.<key>.name}. */
    public static final class Total {
        private final String key;
        private final long value;

        Total(String key, long value) {
            this.key = key;
            this.value = value;
        }

        public String getKey() {
            return key;
        }

        public long getValue() {
            return value;
        }
    }
}
