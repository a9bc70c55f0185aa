package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The model of the import page: what a pasted {@code mongooseim.toml} (whole, or only its
 * {@code [[listen.service]]} sections with the {@code [access]}, {@code [acl]} and {@code [shaper]} sections they
 * use) would become in this plugin. Nothing is saved here: the page shows {@link #drafts()} and {@link #shapers()}
 * and, once the admin confirms, hands them on.
 *
 * <p>How MongooseIM's settings are carried over:
 * <ul>
 * <li>{@code port}, {@code ip_address}, {@code password}, {@code check_from}, {@code hidden_components},
 * {@code conflict_behaviour}, {@code max_fsm_queue}, {@code max_stanza_size} and {@code state_timeout} map to the
 * option of the same name; every value must pass {@link ListenerOption#validate}, or it stays out with the
 * validation's reason as a note and the option keeps its default.</li>
 * <li>{@code max_stanza_size = "infinity"} (MongooseIM's default) is not mapped to the plugin's maximum: a stanza
 * limit is there to protect the server, so the plugin's default stays and a note says so.</li>
 * <li>A section without {@code ip_address} listens on every address in MongooseIM; the draft keeps the plugin's
 * loopback default instead, since XEP-0114 is unencrypted, and a note tells how to open it.</li>
 * <li>{@code access} is translated only when the plugin's access means the same (see {@link AccessImport});
 * {@code shaper_rule} (or {@code shaper}) names a shaper of the {@code [shaper]} section, translated as
 * {@link ShaperImport} describes.</li>
 * <li>{@code proto = "tcp"} and {@code ip_version} need nothing; every other key, {@code tls} included, is noted
 * as not supported.</li>
 * <li>Newer MongooseIM calls the section {@code [[listen.component]]}; it is read the same way.</li>
 * <li>Each draft's id is {@code mim-PORT} ({@code mim-service-N} without a port), made unique within the import;
 * drafts that share a port say so, as only one of them can run.</li>
 * </ul>
 */
public final class MongooseImport {
    private static final List<String> SECTION_NAMES = List.of("service", "component");

    private final List<ListenerDraft> drafts;
    private final Map<String, Long> shapers;
    private final Message error;
    private final List<Message> notes;

    private MongooseImport(List<ListenerDraft> drafts, Map<String, Long> shapers, Message error, List<Message> notes) {
        this.drafts = List.copyOf(drafts);
        this.shapers = Collections.unmodifiableMap(new LinkedHashMap<>(shapers));
        this.error = error;
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads the pasted text.
     *
     * @param toml     what the admin pasted
     * @param existing the shapers the plugin has now, so that one with the same name and rate is reused
     */
    public static MongooseImport parse(String toml, Shapers existing) {
        TomlParseResult parsed = Toml.parse(toml == null ? "" : toml);
        if (parsed.hasErrors()) {
            TomlParseError first = parsed.errors().get(0);
            return failed(Message.of("import.error.toml", String.valueOf(first.position().line()),
                String.valueOf(first.position().column()), first.getMessage()));
        }
        List<Message> notes = new ArrayList<>();
        List<TomlTable> sections = serviceSections(parsed, notes);
        if (sections.isEmpty()) {
            return failed(Message.of("import.error.noservice"));
        }
        AccessImport access = new AccessImport(table(parsed, "access"), table(parsed, "acl"));
        ShaperImport shapers = new ShaperImport(table(parsed, "shaper"), existing);
        List<ServiceSection> read = new ArrayList<>();
        for (TomlTable section : sections) {
            read.add(ServiceSection.read(section, access, shapers));
        }
        return new MongooseImport(drafts(read), shapers.toDefine(), null, notes);
    }

    private static MongooseImport failed(Message error) {
        return new MongooseImport(List.of(), Map.of(), error, List.of());
    }

    private static List<TomlTable> serviceSections(TomlParseResult parsed, List<Message> notes) {
        List<TomlTable> sections = new ArrayList<>();
        TomlTable listen = table(parsed, "listen");
        for (String name : SECTION_NAMES) {
            Object listeners = listen == null ? null : listen.get(List.of(name));
            if (!(listeners instanceof TomlArray)) {
                continue;
            }
            TomlArray array = (TomlArray) listeners;
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof TomlTable) {
                    sections.add((TomlTable) array.get(i));
                } else {
                    notes.add(Message.of("import.note.entry", "listen." + name, String.valueOf(i + 1)));
                }
            }
        }
        return sections;
    }

    private static TomlTable table(TomlTable parent, String key) {
        Object value = parent.get(List.of(key));
        return value instanceof TomlTable ? (TomlTable) value : null;
    }

    private static List<ListenerDraft> drafts(List<ServiceSection> sections) {
        List<String> ids = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < sections.size(); i++) {
            String port = sections.get(i).values().get(ListenerOption.PORT);
            String wanted = port != null ? "mim-" + port : "mim-service-" + (i + 1);
            String id = wanted;
            for (int n = 2; !taken.add(id); n++) {
                id = wanted + "-" + n;
            }
            ids.add(id);
        }
        List<ListenerDraft> drafts = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            List<Message> notes = new ArrayList<>(sections.get(i).notes());
            sharedPortNote(sections, ids, i).ifPresent(notes::add);
            drafts.add(new ListenerDraft(ids.get(i), sections.get(i).values(), notes));
        }
        return drafts;
    }

    private static Optional<Message> sharedPortNote(List<ServiceSection> sections, List<String> ids, int index) {
        String port = portOf(sections.get(index));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            if (i != index && port.equals(portOf(sections.get(i)))) {
                others.add(ids.get(i));
            }
        }
        return others.isEmpty() ? Optional.empty()
            : Optional.of(Message.of("import.note.sharedport", "port", port, String.join(", ", others)));
    }

    /** The port the listener will have: the mapped one, else the plugin's default. */
    private static String portOf(ServiceSection section) {
        return section.values().getOrDefault(ListenerOption.PORT, ListenerOption.PORT.defaultValue());
    }

    /** One draft per service section, in the order of the text; empty when {@link #error()} is set. */
    public List<ListenerDraft> drafts() {
        return drafts;
    }

    /** Shapers the drafts use that the plugin does not have yet: name to bytes per second, to define first. */
    public Map<String, Long> shapers() {
        return shapers;
    }

    /** Why nothing could be imported: the text is not TOML, or it has no service section. */
    public Optional<Message> error() {
        return Optional.ofNullable(error);
    }

    /** Remarks about the text as a whole rather than about one draft. */
    public List<Message> notes() {
        return notes;
    }
}
