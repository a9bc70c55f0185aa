package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.util.List;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** One listener as read from the properties: its settings, or why it cannot start. */
public final class ListenerConfigResult {
    private final String id;
    private final ListenerConfig config;
    private final List<Message> errors;

    private ListenerConfigResult(String id, ListenerConfig config, List<Message> errors) {
        this.id = id;
        this.config = config;
        this.errors = List.copyOf(errors);
    }

    static ListenerConfigResult valid(ListenerConfig config) {
        return new ListenerConfigResult(config.id(), config, List.of());
    }

    static ListenerConfigResult invalid(String id, List<Message> errors) {
        return new ListenerConfigResult(id, null, errors);
    }

    public String id() {
        return id;
    }

    public Optional<ListenerConfig> config() {
        return Optional.ofNullable(config);
    }

    public List<Message> errors() {
        return errors;
    }
}
