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
    private final List<String> notes = new ArrayList<>();

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

    List<String> notes() {
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
                notes.add("proto: " + describe(value) + " is not imported, this plugin supports only TCP");
            }
        } else if (key.equals("tls")) {
            notes.add("tls: not imported; set tls = direct (and tls_certfile, tls_keyfile for certificate files of"
                + " its own) on the listener after creating it");
        } else if (!key.equals("ip_version")) {
            notes.add(key + ": not supported by this plugin; not imported");
        }
    }

    private void readScalar(String key, ListenerOption option, Object value) {
        boolean integer = option.kind() == ListenerOption.Kind.INTEGER
            || option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER;
        if (integer && "infinity".equals(value)) {
            if (option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER) {
                offer(option, "");
            } else {
                notes.add(key + ": \"infinity\" has no equivalent, the plugin always limits it, to between "
                    + option.min() + " and " + option.max() + "; " + keepsDefault(option));
            }
            return;
        }
        Class<?> expected = integer ? Long.class
            : option.kind() == ListenerOption.Kind.BOOLEAN ? Boolean.class : String.class;
        if (!expected.isInstance(value)) {
            notes.add(key + ": MongooseIM expects " + typeName(expected) + " here, not " + typeOf(value) + "; "
                + keepsDefault(option));
            return;
        }
        offer(option, String.valueOf(value));
    }

    private void readName(String key, ListenerOption option, Object value,
        Function<String, Translation> translator) {
        if (!(value instanceof String)) {
            notes.add(key + ": MongooseIM expects a name here, not " + typeOf(value) + "; " + keepsDefault(option));
            return;
        }
        Translation translation = translator.apply((String) value);
        Optional<String> mapped = translation.value();
        if (mapped.isPresent()) {
            translation.note().ifPresent(note -> notes.add(key + ": " + note));
            offer(option, mapped.get());
        } else {
            notes.add(key + ": " + translation.note().orElse("no equivalent") + "; " + keepsDefault(option));
        }
    }

    /** Maps a value the plugin's own validation accepts; notes the validation's reason otherwise. */
    private void offer(ListenerOption option, String value) {
        Optional<String> refusal = option.validate(value).map(Message::english);
        if (refusal.isPresent()) {
            notes.add(refusal.get() + "; " + keepsDefault(option));
        } else {
            values.put(option, value);
        }
    }

    private void noteMissing(TomlTable section) {
        if (!section.keySet().contains("port")) {
            notes.add("port: not set, although MongooseIM requires it; " + theDefault(ListenerOption.PORT));
        }
        if (!section.keySet().contains("password")) {
            notes.add("password: not set, although MongooseIM requires it; the listener uses Openfire's default"
                + " component secret");
        }
        if (!section.keySet().contains("ip_address")) {
            String everywhere = Long.valueOf(6).equals(section.get(List.of("ip_version"))) ? "::" : "0.0.0.0";
            notes.add("ip_address: not set, so MongooseIM listens on every address (" + everywhere + "); the"
                + " listener keeps the plugin's default " + ListenerOption.IP_ADDRESS.defaultValue() + ": set "
                + everywhere + " by hand if components connect from other hosts");
        }
    }

    private static String keepsDefault(ListenerOption option) {
        return "not imported, " + theDefault(option);
    }

    private static String theDefault(ListenerOption option) {
        String value = option.defaultValue().isEmpty() ? "(empty)" : option.defaultValue();
        String consequence = option == ListenerOption.ACCESS
            ? ", so everybody may reach its components until access is set by hand" : "";
        return "the listener keeps the plugin's default " + option.key() + " " + value + consequence;
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String typeOf(Object value) {
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        return typeName(value.getClass());
    }

    private static String typeName(Class<?> type) {
        if (type == Long.class) {
            return "a whole number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName() + " value";
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
