package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ReleaseOutcome;

/**
 * The commands the plugin's nodes send each other, and their arguments and answers as they cross: JDK values only
 * (strings, lists and maps of them, longs), so that a node needs no class of the plugin to read them. Names,
 * argument lists and answers are those of version 1.1.0, so that nodes of either version understand each other.
 */
final class ClusterProtocol {
    /** The answer to a command about a domain that the node does not hold. */
    static final String NONE_HELD = "none";
    static final String CLOSED = "closed";
    /** The answer to a command that was carried out and has nothing to say. */
    static final String DONE = "done";
    /** The answer to {@link Command#FLEET} when the newcomer may join. */
    static final String JOINS = "joins";

    /** What one node may ask another, by the name it has on the wire. */
    enum Command {
        /** Give up a domain, for a newcomer on the asking node: domain, "true" to kick. */
        RELEASE("release"),
        /** The components connected to the node. */
        SESSIONS("sessions"),
        /**
         * Close sessions, as an admin asked: domain, text, and the remote address of the one to close (absent: all of
         * the domain's; version 1.1.0 sends and reads only the first two, and holds a domain with one session).
         */
        CLOSE("close"),
        /** The node's listeners that run or failed, problems in English: all that nodes of version 1.1.0 ask. */
        LISTENERS("listeners"),
        /** The node's listeners that run or failed, problems as i18n keys and arguments (see ListenerStates). */
        LISTENER_STATES("listener-states"),
        /** The node's totals, by statistic key. */
        COUNTERS("counters"),
        /** End the sessions of a subdomain that the External Components settings now block: subdomain. */
        REVOKE("revoke"),
        /** Check every session, a moment from now, against the External Components settings. */
        REVALIDATE("revalidate"),
        /**
         * May a newcomer join the fleet of a domain's connections there: domain, "true" if its listener shares,
         * "true" if it asked allowMultiple. Answered {@link #JOINS} or {@link #NONE_HELD}; unknown to version 1.1.0,
         * whose nodes never admit.
         */
        FLEET("fleet");

        private final String wireName;

        Command(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }

        /** The command of that name; empty for one this version does not know. */
        static Optional<Command> named(String wireName) {
            for (Command command : values()) {
                if (command.wireName.equals(wireName)) {
                    return Optional.of(command);
                }
            }
            return Optional.empty();
        }

        /** Runs the command on the node; empty when the node could not answer (see {@link ClusterPort#run}). */
        Optional<Serializable> runOn(ClusterPort cluster, String node, List<String> arguments) {
            return cluster.run(node, wireName, arguments);
        }
    }

    private ClusterProtocol() {
    }

    // ---- release --------------------------------------------------------------------------------------------------

    static List<String> releaseArguments(String domain, boolean kick) {
        return List.of(domain, String.valueOf(kick));
    }

    static String releaseDomain(List<String> arguments) {
        return arguments.get(0);
    }

    static boolean releaseKicks(List<String> arguments) {
        return Boolean.parseBoolean(arguments.get(1));
    }

    static String encode(ReleaseOutcome outcome) {
        switch (outcome) {
            case KICKED:
                return "kicked";
            case RELEASED:
                return "released";
            case HELD:
                return "held";
            default:
                return NONE_HELD;
        }
    }

    /** A node that could not answer, or gave an answer this version does not know, does not hold the domain. */
    static ReleaseOutcome decodeRelease(Optional<Serializable> answer) {
        for (ReleaseOutcome outcome : ReleaseOutcome.values()) {
            if (answer.map(encode(outcome)::equals).orElse(false)) {
                return outcome;
            }
        }
        return ReleaseOutcome.NONE_HELD;
    }

    // ---- fleet ----------------------------------------------------------------------------------------------------

    static List<String> fleetArguments(String domain, boolean shares, boolean asksMultiple) {
        return List.of(domain, String.valueOf(shares), String.valueOf(asksMultiple));
    }

    static boolean decodeJoins(Optional<Serializable> answer) {
        return answer.map(JOINS::equals).orElse(false);
    }

    // ---- close ----------------------------------------------------------------------------------------------------

    static List<String> closeArguments(String domain, String remoteAddress, String text) {
        return remoteAddress == null ? List.of(domain, text) : List.of(domain, text, remoteAddress);
    }

    /** The remote address of the one session to close; null for all the domain's sessions. */
    static String closeRemoteAddress(List<String> arguments) {
        return arguments.size() > 2 ? arguments.get(2) : null;
    }

    static String encodeClosed(boolean closed) {
        return closed ? CLOSED : NONE_HELD;
    }

    static boolean decodeClosed(Optional<Serializable> answer) {
        return answer.map(CLOSED::equals).orElse(false);
    }

    // ---- sessions -------------------------------------------------------------------------------------------------

    static ArrayList<HashMap<String, String>> encodeSessions(List<SessionSnapshot> sessions) {
        ArrayList<HashMap<String, String>> encoded = new ArrayList<>();
        for (SessionSnapshot session : sessions) {
            encoded.add(encode(session));
        }
        return encoded;
    }

    @SuppressWarnings("unchecked")
    static List<SessionSnapshot> decodeSessions(Serializable answer) {
        List<SessionSnapshot> sessions = new ArrayList<>();
        for (Map<String, String> session : (List<Map<String, String>>) answer) {
            sessions.add(decode(session));
        }
        return sessions;
    }

    private static HashMap<String, String> encode(SessionSnapshot session) {
        HashMap<String, String> map = new HashMap<>();
        map.put("listener", session.getListenerId());
        map.put("domain", session.getDomain());
        map.put("subdomain", session.getSubdomain());
        map.put("remote", session.getRemoteAddress());
        map.put("since", String.valueOf(session.getSince().toEpochMilli()));
        map.put("authenticated", String.valueOf(session.isAuthenticated()));
        map.put("hidden", String.valueOf(session.isHidden()));
        map.put("stanzasIn", String.valueOf(session.getStanzasIn()));
        map.put("stanzasOut", String.valueOf(session.getStanzasOut()));
        map.put("bytesIn", String.valueOf(session.getBytesIn()));
        map.put("bytesOut", String.valueOf(session.getBytesOut()));
        map.put("queue", String.valueOf(session.getQueueDepth()));
        map.put("fleet", String.valueOf(session.getFleetSize()));
        map.put("balancing", session.getBalancing());
        return map;
    }

    private static SessionSnapshot decode(Map<String, String> map) {
        return new SessionSnapshot(map.get("listener"), map.get("domain"), map.get("subdomain"), map.get("remote"),
            Instant.ofEpochMilli(Long.parseLong(map.get("since"))), Boolean.parseBoolean(map.get("authenticated")),
            Boolean.parseBoolean(map.get("hidden")), Long.parseLong(map.get("stanzasIn")),
            Long.parseLong(map.get("stanzasOut")), Long.parseLong(map.get("bytesIn")),
            Long.parseLong(map.get("bytesOut")), Integer.parseInt(map.get("queue")),
            // Nodes of version 1.1.0 send neither: one connection per domain, no balancing.
            Integer.parseInt(map.getOrDefault("fleet", "1")), map.getOrDefault("balancing", ""));
    }

    // ---- counters -------------------------------------------------------------------------------------------------

    static HashMap<String, Long> encodeCounters(Map<String, Long> totals) {
        return new HashMap<>(totals);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> decodeCounters(Serializable answer) {
        return (Map<String, Long>) answer;
    }
}
