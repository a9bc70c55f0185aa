package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerServer;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;

/** The model behind the status page: every listener (running or not, and why) and every connection. */
public final class StatusPage {
    private static volatile ListenerManager published;

    private final List<ListenerRow> listeners = new ArrayList<>();
    private final List<SessionSnapshot> sessions = new ArrayList<>();

    /** Set by the plugin while it is loaded; the page has nothing to show otherwise. */
    public static void publish(ListenerManager manager) {
        published = manager;
    }

    /** A snapshot of what runs now. */
    public static StatusPage current() {
        StatusPage page = new StatusPage();
        ListenerManager manager = published;
        if (manager != null) {
            page.fill(manager.listeners(), manager.problems());
        }
        return page;
    }

    StatusPage fill(List<ListenerServer> running, Map<String, List<String>> problems) {
        for (ListenerServer listener : running) {
            listeners.add(new ListenerRow(listener.config().id(), listener.config().ipAddress(),
                listener.config().port(), true, List.of()));
            sessions.addAll(listener.sessions());
        }
        for (Map.Entry<String, List<String>> problem : problems.entrySet()) {
            listeners.add(new ListenerRow(problem.getKey(), "", 0, false, problem.getValue()));
        }
        return this;
    }

    public List<ListenerRow> getListeners() {
        return listeners;
    }

    public List<SessionSnapshot> getSessions() {
        return sessions;
    }

    /** One line of the listener table. */
    public static final class ListenerRow {
        private final String id;
        private final String ipAddress;
        private final int port;
        private final boolean running;
        private final List<String> problems;

        ListenerRow(String id, String ipAddress, int port, boolean running, List<String> problems) {
            this.id = id;
            this.ipAddress = ipAddress;
            this.port = port;
            this.running = running;
            this.problems = problems;
        }

        public String getId() {
            return id;
        }

        public String getIpAddress() {
            return ipAddress;
        }

        public int getPort() {
            return port;
        }

        public boolean isRunning() {
            return running;
        }

        public List<String> getProblems() {
            return problems;
        }
    }
}
