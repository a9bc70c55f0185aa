package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * One {@code [[listen.service]]} table read into the plugin's option values, with a note for each key that has no
 * equivalent, each value the plugin refuses and each setting MongooseIM requires that the table lacks.
 */
final class ServiceSection extends DraftSection {
    /** MongooseIM keys that mean what the plugin option of the same name means. */
    private static final Map<String, ListenerOption> SAME_NAME = sameName();

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
                note(Message.of("import.note.proto", key, describe(value)));
            }
        } else if (key.equals("tls")) {
            readTls(key, value);
        } else if (!key.equals("ip_version")) {
            note(Message.of("import.note.unsupported", key));
        }
    }

    /**
     * MongooseIM's {@code tls} subsection on a component listener is direct TLS ({@code tls.mode} defaults to
     * {@code tls}; the component stream has no STARTTLS), which is the plugin's {@code tls = direct}.
     */
    private void readTls(String key, Object value) {
        if (!(value instanceof TomlTable)) {
            note(Message.of("import.note.type", key, Message.of("import.type.table"), typeOf(value),
                keepsDefault(ListenerOption.TLS)));
            return;
        }
        TomlTable tls = (TomlTable) value;
        Object mode = tls.get(List.of("mode"));
        if (mode != null && !"tls".equals(mode)) {
            note(Message.of("import.note.tls.mode", key + ".mode", describe(mode)));
            return;
        }
        offer(key, ListenerOption.TLS, "direct");
        TlsFiles.read(this, key + ".", tls.get(List.of("certfile")), tls.get(List.of("keyfile")));
        for (String option : tls.keySet()) {
            if (!List.of("mode", "certfile", "keyfile").contains(option)) {
                note(Message.of("import.note.unsupported", key + "." + option));
            }
        }
    }

    private void readScalar(String key, ListenerOption option, Object value) {
        boolean integer = option.kind() == ListenerOption.Kind.INTEGER
            || option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER;
        if (integer && "infinity".equals(value)) {
            if (option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER) {
                offer(key, option, "");
            } else {
                note(Message.of("import.note.infinity", key, String.valueOf(option.min()),
                    String.valueOf(option.max()), keepsDefault(option)));
            }
            return;
        }
        Class<?> expected = integer ? Long.class
            : option.kind() == ListenerOption.Kind.BOOLEAN ? Boolean.class : String.class;
        if (!expected.isInstance(value)) {
            note(Message.of("import.note.type", key, typeName(expected), typeOf(value), keepsDefault(option)));
            return;
        }
        offer(key, option, String.valueOf(value));
    }

    private void readName(String key, ListenerOption option, Object value,
        Function<String, Translation> translator) {
        if (!(value instanceof String)) {
            note(Message.of("import.note.name", key, typeOf(value), keepsDefault(option)));
            return;
        }
        translate(key, option, translator.apply((String) value));
    }

    private void noteMissing(TomlTable section) {
        if (!section.keySet().contains("port")) {
            note(Message.of("import.note.required", "port", theDefault(ListenerOption.PORT)));
        }
        if (!section.keySet().contains("password")) {
            note(Message.of("import.note.password", "password"));
        }
        if (!section.keySet().contains("ip_address")) {
            String everywhere = Long.valueOf(6).equals(section.get(List.of("ip_version"))) ? "::" : "0.0.0.0";
            note(Message.of("import.note.address", "ip_address", everywhere,
                ListenerOption.IP_ADDRESS.defaultValue()));
        }
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
