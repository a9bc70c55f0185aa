package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.cluster.ClusterNode;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** What every page that changes listeners shares: applying the stored definitions, and saying what that did. */
final class ListenerChanges {
    private ListenerChanges() {
    }

    /** Applies the stored definitions now and says, by listener id, what that did. */
    static Map<String, ListenerChange> applyAll(AdminConsole console) {
        return console.listeners().apply(console.configs().readAll());
    }

    /** Applies the stored definitions now and returns what that did to one listener. */
    static ListenerChange apply(AdminConsole console, String id) {
        return applyAll(console).get(id);
    }

    /** How many components are connected to each listener, on every node of the cluster, by listener id. */
    static Map<String, Integer> componentsByListener(AdminConsole console) {
        Map<String, Integer> components = new HashMap<>();
        for (ClusterNode.NodeAnswer<List<SessionSnapshot>> node : console.cluster().sessions()) {
            node.answer().orElse(List.of())
                .forEach(session -> components.merge(session.getListenerId(), 1, Integer::sum));
        }
        return components;
    }

    /** What the admin is told of a change: {@code change.<kind>} with id, address, components and problems. */
    static Notice noticeOf(ListenerChange change) {
        String key = "change." + kindName(change);
        Object[] args = {change.id(), change.address(), change.components(), Message.joined(change.problems())};
        return change.kind() == ListenerChange.Kind.FAILED ? Notice.error(key, args) : Notice.success(key, args);
    }

    /** One listener's outcome in a list: {@code import.outcome.<kind>} with the id, and the problems if any. */
    static Message outcomeOf(ListenerChange change) {
        Message outcome = Message.of("import.outcome." + kindName(change), change.id());
        return change.problems().isEmpty() ? outcome
            : Message.of("import.outcome.problems", outcome, Message.joined(change.problems()));
    }

    private static String kindName(ListenerChange change) {
        return change.kind().name().toLowerCase(Locale.ROOT);
    }

    /** The options that differ from their defaults, as {@code key=value}; the password only as being set. */
    static List<Message> changedOptions(Map<ListenerOption, String> values) {
        List<Message> changed = new ArrayList<>();
        values.forEach((option, value) -> {
            boolean shownElsewhere = option == ListenerOption.PORT || option == ListenerOption.IP_ADDRESS
                || option == ListenerOption.ENABLED;
            if (!shownElsewhere && !value.equals(option.defaultValue())) {
                changed.add(option == ListenerOption.PASSWORD ? Message.of("listeners.option.set", option.key())
                    : Message.of("listeners.option.value", option.key(), value));
            }
        });
        return changed;
    }
}
