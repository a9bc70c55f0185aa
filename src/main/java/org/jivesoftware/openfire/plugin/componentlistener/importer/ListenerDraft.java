package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * One imported component listener, not saved yet: a suggested listener id, the option values that could be
 * mapped (each one accepted by {@link ListenerOption#validate}) and a note for everything that could not.
 */
public final class ListenerDraft {
    private final String id;
    private final Map<ListenerOption, String> values;
    private final List<Message> notes;
    private final List<String> componentDomains;
    private final Map<String, String> componentSecrets;

    ListenerDraft(String id, Map<ListenerOption, String> values, List<Message> notes, List<String> componentDomains,
                  Map<String, String> componentSecrets) {
        this.id = id;
        this.values = values.isEmpty() ? Collections.emptyMap()
            : Collections.unmodifiableMap(new EnumMap<>(values));
        this.notes = List.copyOf(notes);
        this.componentDomains = List.copyOf(componentDomains);
        this.componentSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(componentSecrets));
    }

    /** A listener id that is free within the import, e.g. {@code mim-8888}. */
    public String id() {
        return id;
    }

    /** The mapped options, in the plugin's option order; an option not in here keeps its default. */
    public Map<ListenerOption, String> values() {
        return values;
    }

    /**
     * What was not mapped, or mapped differently, and why: one message each, whose first argument is the MongooseIM
     * key it is about.
     */
    public List<Message> notes() {
        return notes;
    }

    /** The component domains the file names for this listener (ejabberd's hosts, Prosody's Components). */
    public List<String> componentDomains() {
        return componentDomains;
    }

    /**
     * Component domains the file gives a secret of their own, with that secret: Openfire's External Components
     * settings hold such secrets, and the page sets them only when the admin confirms.
     */
    public Map<String, String> componentSecrets() {
        return componentSecrets;
    }
}
