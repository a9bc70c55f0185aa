package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Reads a pasted {@code prosody.cfg.lua} (read as {@link LuaConfig} does, never run). Prosody has one component
 * port for all its external components ({@code Component "name"} without a module), each with its own
 * {@code component_secret}; so each port of {@code component_ports} (5347 when not set) becomes one listener:
 * <ul>
 * <li>{@code component_interface} (or {@code component_interfaces}) is its address, the first one when there are
 * several (the others are noted); Prosody's default is loopback, as the plugin's.</li>
 * <li>When every external component has the same secret, it is the listener's password. Otherwise each
 * component's secret is offered for Openfire's External Components settings (the page sets them once the admin
 * confirms), which Openfire checks before the listener's password.</li>
 * <li>{@code component_stanza_size_limit} is {@code max_stanza_size}; {@code component_conflict_resolve}
 * {@code kick_old} is {@code conflict_behaviour = kick_old}, {@code kick_new} the plugin's {@code disconnect}.</li>
 * <li>Every other setting of an external component, and every other global {@code component_*} setting, is noted as
 * not supported; internal components ({@code Component "name" "module"}) are Prosody's own services and are noted
 * as not imported. The {@code VirtualHost} names are the domains the file serves.</li>
 * </ul>
 */
final class ProsodyImport {
    private static final long DEFAULT_PORT = 5347;
    private static final String SECRET = "component_secret";
    private static final Set<String> GLOBAL_KEYS = Set.of("component_ports", "component_interface",
        "component_interfaces", "component_stanza_size_limit", "component_conflict_resolve");

    private ProsodyImport() {
    }

    static ConfigurationImport parse(String lua) {
        LuaConfig config = LuaConfig.read(lua);
        List<Message> notes = new ArrayList<>();
        if (config.unreadableLine() != null) {
            notes.add(Message.of("import.prosody.unreadable", String.valueOf(config.unreadableLine())));
        }
        config.skipped().forEach(skipped -> notes.add(Message.of("import.prosody.skipped",
            String.valueOf(skipped.line), skipped.start)));
        List<LuaConfig.Section> external = new ArrayList<>();
        for (LuaConfig.Section component : config.sections("Component")) {
            if (component.module == null) {
                external.add(component);
            } else {
                notes.add(Message.of("import.prosody.internal", component.name, component.module));
            }
        }
        if (external.isEmpty()) {
            return ConfigurationImport.failed(ImportFormat.PROSODY, Message.of("import.error.prosody.nocomponent"));
        }
        List<String> hosts = new ArrayList<>();
        config.sections("VirtualHost").forEach(host -> hosts.add(host.name));
        List<DraftSection> listeners = new ArrayList<>();
        for (Object port : ports(config.global().settings.get("component_ports"), notes)) {
            listeners.add(listener(port, config.global().settings, external));
        }
        return new ConfigurationImport(ImportFormat.PROSODY, DraftSection.drafts(ImportFormat.PROSODY, listeners),
            Map.of(), hosts, notes);
    }

    private static List<Object> ports(Object setting, List<Message> notes) {
        if (setting == null) {
            return List.of(DEFAULT_PORT);
        }
        if (setting instanceof List && !((List<?>) setting).isEmpty()) {
            return new ArrayList<>((List<?>) setting);
        }
        if (setting instanceof Long) {
            return List.of(setting);
        }
        notes.add(Message.of("import.prosody.ports", "component_ports", String.valueOf(setting),
            String.valueOf(DEFAULT_PORT)));
        return List.of(DEFAULT_PORT);
    }

    private static DraftSection listener(Object port, Map<String, Object> global,
                                         List<LuaConfig.Section> components) {
        DraftSection listener = new DraftSection();
        offerNumber(listener, "component_ports", ListenerOption.PORT, port);
        address(listener, global.containsKey("component_interface") ? "component_interface"
            : "component_interfaces", global);
        if (global.containsKey("component_stanza_size_limit")) {
            offerNumber(listener, "component_stanza_size_limit", ListenerOption.MAX_STANZA_SIZE,
                global.get("component_stanza_size_limit"));
        }
        Object conflict = global.get("component_conflict_resolve");
        if ("kick_old".equals(conflict)) {
            listener.offer("component_conflict_resolve", ListenerOption.CONFLICT_BEHAVIOUR, "kick_old");
        } else if (conflict != null && !"kick_new".equals(conflict)) {
            listener.note(Message.of("import.note.unsupported", "component_conflict_resolve"));
        }
        global.keySet().stream().filter(key -> key.startsWith("component_") && !GLOBAL_KEYS.contains(key))
            .forEach(key -> listener.note(Message.of("import.note.unsupported", key)));
        secrets(listener, components);
        return listener;
    }

    private static void address(DraftSection listener, String key, Map<String, Object> global) {
        Object value = global.get(key);
        if (value == null) {
            return;
        }
        List<?> addresses = value instanceof List ? (List<?>) value : List.of(value);
        if (addresses.isEmpty() || !(addresses.get(0) instanceof String)) {
            listener.note(Message.of("import.note.type", key, Message.of("import.type.string"),
                Message.of("import.type.other", String.valueOf(value)), DraftSection.keepsDefault(
                    ListenerOption.IP_ADDRESS)));
            return;
        }
        // Prosody's "*" is every IPv4 address.
        String first = "*".equals(addresses.get(0)) ? "0.0.0.0" : (String) addresses.get(0);
        listener.offer(key, ListenerOption.IP_ADDRESS, first);
        if (addresses.size() > 1) {
            listener.note(Message.of("import.prosody.interfaces", key, first, addresses.subList(1, addresses.size())
                .stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
    }

    private static void offerNumber(DraftSection listener, String key, ListenerOption option, Object value) {
        if (value instanceof Long) {
            listener.offer(key, option, String.valueOf(value));
        } else {
            listener.note(Message.of("import.note.type", key, Message.of("import.type.integer"),
                Message.of("import.type.other", String.valueOf(value)), DraftSection.keepsDefault(option)));
        }
    }

    /** One secret for all: the listener's password; different secrets: each component's, for Openfire. */
    private static void secrets(DraftSection listener, List<LuaConfig.Section> components) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (LuaConfig.Section component : components) {
            Object secret = component.settings.get(SECRET);
            if (secret instanceof String) {
                secrets.put(component.name, (String) secret);
                distinct.add((String) secret);
            } else {
                listener.note(Message.of("import.prosody.nosecret", component.name, SECRET));
            }
            component.settings.keySet().stream().filter(key -> !key.equals(SECRET))
                .forEach(key -> listener.note(Message.of("import.prosody.component.unsupported", component.name,
                    key)));
        }
        boolean shared = distinct.size() == 1 && secrets.size() == components.size();
        if (shared) {
            listener.offer(SECRET, ListenerOption.PASSWORD, distinct.iterator().next());
        } else if (!secrets.isEmpty()) {
            listener.note(Message.of("import.prosody.secrets", SECRET));
        }
        for (LuaConfig.Section component : components) {
            listener.component(component.name, shared ? null : secrets.get(component.name));
        }
    }
}
