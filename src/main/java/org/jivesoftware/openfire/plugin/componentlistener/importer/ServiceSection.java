package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * One {@code [[listen.service]]} table read into the plugin's option values, with a note for each key that has no
 * equivalent, each value the plugin refuses and each setting MongooseIM requires that the table lacks.
 */
final class ServiceSection {
    /** MongooseIM keys that mean what the plugin option of the same name means. */
    private static final Map<String, ListenerOption> SAME_NAME = sameName();

    private final Map<ListenerOption, String> values = new EnumMap<>(ListenerOption.class);
    private final List<Message> notes = new ArrayList<>();

    private ServiceSection() {
    }

    static ServiceSection read(TomlTable section, AccessImport access, ShaperImport shapers) {
        ServiceSection read = new ServiceSection();
        for (String key : section.keySet()) {
            read.readKey(key, section.get(List.of(key)), access, shapers);
        }
        read.noteMissing(section);
        return read;
    }

    Map<ListenerOption, String> values() {
        return Collections.unmodifiableMap(values);
    }

    List<Message> notes() {
        return Collections.unmodifiableList(notes);
    }

    private void readKey(String key, Object value, AccessImport access, ShaperImport shapers) {
        ListenerOption sameName = SAME_NAME.get(key);
        if (sameName != null) {
            readScalar(key, sameName, value);
        } else if (key.equals("access")) {
            readName(key, ListenerOption.ACCESS, value, access::translate);
        } else if (key.equals("shaper_rule") || key.equals("shaper")) {
            // shaper_rule in [[listen.service]]; newer MongooseIM calls it shaper in [[listen.component]].
            readName(key, ListenerOption.SHAPER, value, shapers::translate);
        } else if (key.equals("proto")) {
            if (!"tcp".equals(value)) {
                notes.add(Message.of("import.note.proto", key, describe(value)));
            }
        } else if (key.equals("tls")) {
            notes.add(Message.of("import.note.tls", key));
        } else if (!key.equals("ip_version")) {
            notes.add(Message.of("import.note.unsupported", key));
        }
    }

    private void readScalar(String key, ListenerOption option, Object value) {
        boolean integer = option.kind() == ListenerOption.Kind.INTEGER
            || option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER;
        if (integer && "infinity".equals(value)) {
            if (option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER) {
                offer(key, option, "");
            } else {
                notes.add(Message.of("import.note.infinity", key, String.valueOf(option.min()),
                    String.valueOf(option.max()), keepsDefault(option)));
            }
            return;
        }
        Class<?> expected = integer ? Long.class
            : option.kind() == ListenerOption.Kind.BOOLEAN ? Boolean.class : String.class;
        if (!expected.isInstance(value)) {
            notes.add(Message.of("import.note.type", key, typeName(expected), typeOf(value), keepsDefault(option)));
            return;
        }
        offer(key, option, String.valueOf(value));
    }

    private void readName(String key, ListenerOption option, Object value,
        Function<String, Translation> translator) {
        if (!(value instanceof String)) {
            notes.add(Message.of("import.note.name", key, typeOf(value), keepsDefault(option)));
            return;
        }
        Translation translation = translator.apply((String) value);
        Optional<String> mapped = translation.value();
        if (mapped.isPresent()) {
            translation.note().ifPresent(note -> notes.add(Message.of("import.note.remark", key, note)));
            offer(key, option, mapped.get());
        } else {
            notes.add(Message.of("import.note.unmapped", key,
                translation.note().orElse(Message.of("import.unmapped")), keepsDefault(option)));
        }
    }

    /** Maps a value the plugin's own validation accepts; notes the validation's reason otherwise. */
    private void offer(String key, ListenerOption option, String value) {
        Optional<Message> refusal = option.validate(value);
        if (refusal.isPresent()) {
            notes.add(Message.of("import.note.invalid", key, refusal.get(), keepsDefault(option)));
        } else {
            values.put(option, value);
        }
    }

    private void noteMissing(TomlTable section) {
        if (!section.keySet().contains("port")) {
            notes.add(Message.of("import.note.required", "port", theDefault(ListenerOption.PORT)));
        }
        if (!section.keySet().contains("password")) {
            notes.add(Message.of("import.note.password", "password"));
        }
        if (!section.keySet().contains("ip_address")) {
            String everywhere = Long.valueOf(6).equals(section.get(List.of("ip_version"))) ? "::" : "0.0.0.0";
            notes.add(Message.of("import.note.address", "ip_address", everywhere,
                ListenerOption.IP_ADDRESS.defaultValue()));
        }
    }

    private static Message keepsDefault(ListenerOption option) {
        return Message.of("import.default.kept", theDefault(option));
    }

    private static Message theDefault(ListenerOption option) {
        if (option.defaultValue().isEmpty()) {
            return Message.of("import.default.empty", option.key());
        }
        return Message.of(option == ListenerOption.ACCESS ? "import.default.access" : "import.default", option.key(),
            option.defaultValue());
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static Message typeOf(Object value) {
        if (value instanceof TomlTable) {
            return Message.of("import.type.table");
        }
        if (value instanceof TomlArray) {
            return Message.of("import.type.list");
        }
        return typeName(value.getClass());
    }

    private static Message typeName(Class<?> type) {
        if (type == Long.class) {
            return Message.of("import.type.integer");
        }
        if (type == Boolean.class) {
            return Message.of("import.type.boolean");
        }
        return type == String.class ? Message.of("import.type.string")
            : Message.of("import.type.other", type.getSimpleName());
    }

    private static Map<String, ListenerOption> sameName() {
        Map<String, ListenerOption> options = new LinkedHashMap<>();
        for (ListenerOption option : List.of(ListenerOption.PORT, ListenerOption.IP_ADDRESS, ListenerOption.PASSWORD,
            ListenerOption.CHECK_FROM, ListenerOption.HIDDEN_COMPONENTS, ListenerOption.CONFLICT_BEHAVIOUR,
            ListenerOption.MAX_FSM_QUEUE, ListenerOption.MAX_STANZA_SIZE, ListenerOption.STATE_TIMEOUT)) {
            options.put(option.key(), option);
        }
        return Collections.unmodifiableMap(options);
    }
}
