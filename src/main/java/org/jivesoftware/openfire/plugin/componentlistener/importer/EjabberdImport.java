package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a pasted {@code ejabberd.yml}: each {@code listen:} entry with {@code module: ejabberd_service} becomes a
 * listener draft. Read with SnakeYAML's safe constructor (plain maps, lists and scalars; no tags that make objects).
 * <ul>
 * <li>{@code port}, {@code ip} ({@code ip_address} in the plugin), {@code password}, {@code check_from},
 * {@code max_stanza_size} and {@code max_fsm_queue} map as MongooseIM's do; {@code ip} absent means every address
 * in ejabberd, and the draft keeps the plugin's loopback default with a note.</li>
 * <li>{@code hosts}: the component domains; a host's own {@code password} is offered for Openfire's External
 * Components settings, set only when the admin confirms.</li>
 * <li>{@code access} names a rule of {@code access_rules} over the classes of {@code acl} ({@link EjabberdAccess});
 * {@code shaper_rule} (or {@code shaper}) names a rule of {@code shaper_rules} that gives one shaper to everybody,
 * or a shaper of {@code shaper} directly ({@link ShaperImport}).</li>
 * <li>{@code tls: true} is {@code tls = direct}; {@code certfile} (certificate and key in one PEM file, as
 * ejabberd keeps them) as {@link TlsFiles} describes.</li>
 * <li>{@code module} and {@code transport: tcp} need nothing; every other key is noted as not supported.</li>
 * <li>The top-level {@code hosts} are the domains the file serves.</li>
 * </ul>
 */
final class EjabberdImport {
    private static final String SERVICE_MODULE = "ejabberd_service";
    private static final Set<String> NOTHING_TO_DO = Set.of("module", "transport", "tls", "certfile");

    private EjabberdImport() {
    }

    static ConfigurationImport parse(String yaml, Shapers existing) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            return ConfigurationImport.failed(ImportFormat.EJABBERD, Message.of("import.error.yaml",
                String.valueOf(mark == null ? 0 : mark.getLine() + 1),
                String.valueOf(mark == null ? 0 : mark.getColumn() + 1), String.valueOf(e.getProblem())));
        } catch (YAMLException e) {
            return ConfigurationImport.failed(ImportFormat.EJABBERD, Message.of("import.error.yaml", "0", "0",
                String.valueOf(e.getMessage())));
        }
        Map<?, ?> top = document instanceof Map ? (Map<?, ?>) document : Map.of();
        List<Message> notes = new ArrayList<>();
        List<Map<?, ?>> services = services(top.get("listen"), notes);
        if (services.isEmpty()) {
            return ConfigurationImport.failed(ImportFormat.EJABBERD, Message.of("import.error.ejabberd.noservice"));
        }
        EjabberdAccess access = new EjabberdAccess(map(top, "access_rules"), map(top, "acl"));
        Map<?, ?> shaperRules = map(top, "shaper_rules");
        Map<?, ?> shaperSection = map(top, "shaper");
        ShaperImport shapers = new ShaperImport(name -> rate(shaperSection.get(name)), existing,
            ImportFormat.EJABBERD);
        List<DraftSection> read = new ArrayList<>();
        for (Map<?, ?> service : services) {
            read.add(readService(service, access, shaperRules, shapers));
        }
        List<String> hosts = new ArrayList<>();
        if (top.get("hosts") instanceof List) {
            ((List<?>) top.get("hosts")).forEach(host -> hosts.add(String.valueOf(host)));
        }
        return new ConfigurationImport(ImportFormat.EJABBERD, DraftSection.drafts(ImportFormat.EJABBERD, read),
            shapers.toDefine(), hosts, notes);
    }

    private static List<Map<?, ?>> services(Object listen, List<Message> notes) {
        List<Map<?, ?>> services = new ArrayList<>();
        if (!(listen instanceof List)) {
            return services;
        }
        List<?> entries = (List<?>) listen;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map)) {
                notes.add(Message.of("import.note.entry", "listen", String.valueOf(i + 1)));
            } else if (SERVICE_MODULE.equals(((Map<?, ?>) entries.get(i)).get("module"))) {
                services.add((Map<?, ?>) entries.get(i));
            }
        }
        return services;
    }

    private static Map<?, ?> map(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map ? (Map<?, ?>) value : Map.of();
    }

    /** A shaper's rate: {@code NAME: N} or {@code NAME: {rate: N}}; null when not defined. */
    private static Object rate(Object definition) {
        Object rate = definition instanceof Map ? ((Map<?, ?>) definition).get("rate") : definition;
        return rate == null && definition != null ? definition : rate;
    }

    private static DraftSection readService(Map<?, ?> service, EjabberdAccess access, Map<?, ?> shaperRules,
                                            ShaperImport shapers) {
        DraftSection section = new DraftSection();
        for (Map.Entry<?, ?> entry : service.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            switch (key) {
                case "port":
                    scalar(section, key, ListenerOption.PORT, value, Integer.class);
                    break;
                case "ip":
                    scalar(section, key, ListenerOption.IP_ADDRESS, value, String.class);
                    break;
                case "password":
                    scalar(section, key, ListenerOption.PASSWORD, value, String.class);
                    break;
                case "check_from":
                    scalar(section, key, ListenerOption.CHECK_FROM, value, Boolean.class);
                    break;
                case "max_stanza_size":
                case "max_fsm_queue":
                    limit(section, key, value);
                    break;
                case "hosts":
                    hosts(section, value);
                    break;
                case "access":
                    section.translate(key, ListenerOption.ACCESS, access.translate(String.valueOf(value)));
                    break;
                case "shaper_rule":
                case "shaper":
                    section.translate(key, ListenerOption.SHAPER, shaper(String.valueOf(value), shaperRules, shapers));
                    break;
                default:
                    if (!NOTHING_TO_DO.contains(key) && !(key.equals("transport") && "tcp".equals(value))) {
                        section.note(Message.of("import.note.unsupported", key));
                    }
            }
        }
        if (Boolean.TRUE.equals(service.get("tls"))) {
            section.offer("tls", ListenerOption.TLS, "direct");
            TlsFiles.read(section, "", service.get("certfile"), null);
        } else if (service.containsKey("certfile")) {
            section.note(Message.of("import.ejabberd.certfile", "certfile"));
        }
        if (!service.containsKey("ip")) {
            section.note(Message.of("import.note.address", "ip", "0.0.0.0", ListenerOption.IP_ADDRESS.defaultValue()));
        }
        return section;
    }

    private static void scalar(DraftSection section, String key, ListenerOption option, Object value,
                               Class<?> expected) {
        if (expected.isInstance(value)) {
            section.offer(key, option, String.valueOf(value));
        } else {
            section.note(Message.of("import.note.type", key, DraftSection.typeName(expected),
                value == null ? Message.of("import.type.other", "null") : DraftSection.typeName(value.getClass()),
                DraftSection.keepsDefault(option)));
        }
    }

    private static void limit(DraftSection section, String key, Object value) {
        ListenerOption option = key.equals("max_fsm_queue") ? ListenerOption.MAX_FSM_QUEUE
            : ListenerOption.MAX_STANZA_SIZE;
        if ("infinity".equals(value) && option == ListenerOption.MAX_FSM_QUEUE) {
            section.offer(key, option, "");
        } else if ("infinity".equals(value)) {
            section.note(Message.of("import.note.infinity", key, String.valueOf(option.min()),
                String.valueOf(option.max()), DraftSection.keepsDefault(option)));
        } else {
            scalar(section, key, option, value, Integer.class);
        }
    }

    /** {@code hosts: {domain: {password: ...}}}, or a plain list of domains. */
    private static void hosts(DraftSection section, Object value) {
        if (value instanceof List) {
            ((List<?>) value).forEach(host -> section.component(String.valueOf(host), null));
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> host : ((Map<?, ?>) value).entrySet()) {
                Object options = host.getValue();
                Object secret = options instanceof Map ? ((Map<?, ?>) options).get("password") : null;
                section.component(String.valueOf(host.getKey()), secret == null ? null : String.valueOf(secret));
            }
        } else {
            section.note(Message.of("import.note.type", "hosts", Message.of("import.type.table"),
                Message.of("import.type.other", String.valueOf(value)), Message.of("import.unmapped")));
        }
    }

    /**
     * The shaper a rule gives: {@code RULE: SHAPER}, or {@code RULE: {SHAPER: all}}; a name that is no rule is taken
     * as a shaper's own name. A rule that gives different shapers to different people has no equivalent.
     */
    private static Translation shaper(String name, Map<?, ?> rules, ShaperImport shapers) {
        Object rule = rules.get(name);
        if (rule == null) {
            return shapers.translate(name);
        }
        if (rule instanceof String) {
            return shapers.translate((String) rule);
        }
        if (rule instanceof Map && ((Map<?, ?>) rule).size() == 1
            && "all".equals(((Map<?, ?>) rule).values().iterator().next())) {
            return shapers.translate(String.valueOf(((Map<?, ?>) rule).keySet().iterator().next()));
        }
        return Translation.refused(Message.of("import.ejabberd.shaperrule", name));
    }
}
