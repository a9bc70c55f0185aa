package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a pasted {@code mongooseim.toml} (whole, or only its
 * {@code [[listen.service]]} sections with the {@code [access]}, {@code [acl]} and {@code [shaper]} sections they
 * use) into what it would become in this plugin.
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
 * <li>A {@code tls} subsection becomes {@code tls = direct} (MongooseIM's component listener speaks direct TLS);
 * {@code tls.certfile} and {@code tls.keyfile} as {@link TlsFiles} describes; its other keys are noted as not
 * supported.</li>
 * <li>{@code proto = "tcp"} and {@code ip_version} need nothing; every other key is noted as not supported.</li>
 * <li>Newer MongooseIM calls the section {@code [[listen.component]]}; it is read the same way.</li>
 * <li>Each draft's id is {@code mim-PORT} ({@code mim-service-N} without a port), made unique within the import;
 * drafts that share a port say so, as only one of them can run.</li>
 * <li>{@code general.hosts} and {@code general.default_server_domain} are the domains the file serves.</li>
 * </ul>
 */
final class MongooseImport {
    private static final List<String> SECTION_NAMES = List.of("service", "component");

    private MongooseImport() {
    }

    static ConfigurationImport parse(String toml, Shapers existing) {
        TomlParseResult parsed = Toml.parse(toml);
        if (parsed.hasErrors()) {
            TomlParseError first = parsed.errors().get(0);
            return ConfigurationImport.failed(ImportFormat.MONGOOSEIM, Message.of("import.error.toml",
                String.valueOf(first.position().line()), String.valueOf(first.position().column()),
                first.getMessage()));
        }
        List<Message> notes = new ArrayList<>();
        List<TomlTable> sections = serviceSections(parsed, notes);
        if (sections.isEmpty()) {
            return ConfigurationImport.failed(ImportFormat.MONGOOSEIM, Message.of("import.error.noservice"));
        }
        AccessImport access = new AccessImport(table(parsed, "access"), table(parsed, "acl"));
        TomlTable shaperSection = table(parsed, "shaper");
        ShaperImport shapers = new ShaperImport(name -> maxRate(shaperSection, name), existing,
            ImportFormat.MONGOOSEIM);
        List<ServiceSection> read = new ArrayList<>();
        for (TomlTable section : sections) {
            read.add(ServiceSection.read(section, access, shapers));
        }
        return new ConfigurationImport(ImportFormat.MONGOOSEIM, DraftSection.drafts(ImportFormat.MONGOOSEIM, read),
            shapers.toDefine(), serverDomains(parsed), notes);
    }

    /** A shaper's {@code max_rate}: null when the shaper is not defined, as {@link ShaperImport} expects. */
    private static Object maxRate(TomlTable shaperSection, String name) {
        Object definition = shaperSection == null ? null : shaperSection.get(List.of(name));
        if (definition == null) {
            return null;
        }
        Object rate = definition instanceof TomlTable ? ((TomlTable) definition).get(List.of("max_rate")) : null;
        return rate == null ? definition : rate;
    }

    private static List<String> serverDomains(TomlTable parsed) {
        Set<String> domains = new LinkedHashSet<>();
        TomlTable general = table(parsed, "general");
        Object hosts = general == null ? null : general.get(List.of("hosts"));
        if (hosts instanceof TomlArray) {
            for (Object host : ((TomlArray) hosts).toList()) {
                if (host instanceof String) {
                    domains.add((String) host);
                }
            }
        }
        Object defaultDomain = general == null ? null : general.get(List.of("default_server_domain"));
        if (defaultDomain instanceof String) {
            domains.add((String) defaultDomain);
        }
        return List.copyOf(domains);
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
}
