package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * One component listener section of another server's file while it is being read, whatever the format: the option
 * values mapped so far (each accepted by {@link ListenerOption#validate}), a note for each setting that was not, and
 * the component domains (with secrets, where the file gives each its own) the section serves.
 */
class DraftSection {
    private final Map<ListenerOption, String> values = new EnumMap<>(ListenerOption.class);
    private final List<Message> notes = new ArrayList<>();
    private final Map<String, String> componentSecrets = new LinkedHashMap<>();
    private final List<String> componentDomains = new ArrayList<>();

    /** Maps a value the plugin's own validation accepts; notes the validation's reason otherwise. */
    final void offer(String key, ListenerOption option, String value) {
        Optional<Message> refusal = option.validate(value);
        if (refusal.isPresent()) {
            note(Message.of("import.note.invalid", key, refusal.get(), keepsDefault(option)));
        } else {
            values.put(option, value);
        }
    }

    /** Maps a translated name (an access rule, a shaper), or notes why it has no equivalent. */
    final void translate(String key, ListenerOption option, Translation translation) {
        Optional<String> mapped = translation.value();
        if (mapped.isPresent()) {
            translation.note().ifPresent(remark -> note(Message.of("import.note.remark", key, remark)));
            offer(key, option, mapped.get());
        } else {
            note(Message.of("import.note.unmapped", key,
                translation.note().orElse(Message.of("import.unmapped")), keepsDefault(option)));
        }
    }

    final void note(Message note) {
        notes.add(note);
    }

    /** A component domain the section serves, with its own secret (null when it has none). */
    final void component(String domain, String secret) {
        componentDomains.add(domain);
        if (secret != null) {
            componentSecrets.put(domain, secret);
        }
    }

    final Map<ListenerOption, String> values() {
        return Collections.unmodifiableMap(values);
    }

    final List<Message> notes() {
        return Collections.unmodifiableList(notes);
    }

    final List<String> componentDomains() {
        return Collections.unmodifiableList(componentDomains);
    }

    final Map<String, String> componentSecrets() {
        return Collections.unmodifiableMap(componentSecrets);
    }

    static Message keepsDefault(ListenerOption option) {
        return Message.of("import.default.kept", theDefault(option));
    }

    static Message theDefault(ListenerOption option) {
        if (option.defaultValue().isEmpty()) {
            return Message.of("import.default.empty", option.key());
        }
        return Message.of(option == ListenerOption.ACCESS ? "import.default.access" : "import.default", option.key(),
            option.defaultValue());
    }

    static Message typeName(Class<?> type) {
        if (type == Long.class || type == Integer.class) {
            return Message.of("import.type.integer");
        }
        if (type == Boolean.class) {
            return Message.of("import.type.boolean");
        }
        return type == String.class ? Message.of("import.type.string")
            : Message.of("import.type.other", type.getSimpleName());
    }

    /** The port the listener will have: the mapped one, else the plugin's default. */
    final String port() {
        return values.getOrDefault(ListenerOption.PORT, ListenerOption.PORT.defaultValue());
    }

    /**
     * The drafts of the sections, in order. Each id is the format's prefix and the port (or {@code service-N}
     * without one), made unique within the import; sections that share a port say so, as only one can run.
     */
    static List<ListenerDraft> drafts(ImportFormat format, List<? extends DraftSection> sections) {
        List<String> ids = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < sections.size(); i++) {
            String port = sections.get(i).values().get(ListenerOption.PORT);
            String wanted = format.idPrefix() + (port != null ? port : "service-" + (i + 1));
            String id = wanted;
            for (int n = 2; !taken.add(id); n++) {
                id = wanted + "-" + n;
            }
            ids.add(id);
        }
        List<ListenerDraft> drafts = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            DraftSection section = sections.get(i);
            List<Message> notes = new ArrayList<>(section.notes());
            sharedPortNote(sections, ids, i).ifPresent(notes::add);
            drafts.add(new ListenerDraft(ids.get(i), section.values(), notes, section.componentDomains(),
                section.componentSecrets()));
        }
        return drafts;
    }

    private static Optional<Message> sharedPortNote(List<? extends DraftSection> sections, List<String> ids,
                                                    int index) {
        String port = sections.get(index).port();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            if (i != index && port.equals(sections.get(i).port())) {
                others.add(ids.get(i));
            }
        }
        return others.isEmpty() ? Optional.empty()
            : Optional.of(Message.of("import.note.sharedport", "port", port, String.join(", ", others)));
    }
}
