package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Translates a MongooseIM access rule, as named by a service listener's {@code access}, into the plugin's
 * {@code access} option, but only when it means the same: MongooseIM walks a rule's clauses in order and denies
 * whoever no clause matches, while the plugin allows whoever matches one item of its list. So a rule whose clauses
 * only allow, over access classes whose patterns all translate, becomes the list of their translations; a deny
 * clause, a value other than allow, a regular expression, a glob, a resource or an access class missing from the
 * text has no equivalent, and the rule is refused as a whole.
 */
final class AccessImport {
    private static final String ALL = "all";
    private static final String LOCAL = "local";

    private final TomlTable rules;
    private final TomlTable accessClasses;

    /** The {@code [access]} and {@code [acl]} sections; null for a section the text does not have. */
    AccessImport(TomlTable rules, TomlTable accessClasses) {
        this.rules = rules;
        this.accessClasses = accessClasses;
    }

    Translation translate(String ruleName) {
        // Both names are built into MongooseIM, whatever the [access] section says.
        if (ALL.equals(ruleName)) {
            return Translation.mapped(ALL);
        }
        if ("none".equals(ruleName)) {
            return refused(ruleName, Message.of("import.access.none"));
        }
        Object rule = rules == null ? null : rules.get(List.of(ruleName));
        if (rule == null) {
            return refused(ruleName, Message.of("import.access.undefined"));
        }
        if (!(rule instanceof TomlArray)) {
            return refused(ruleName, Message.of("import.access.notlist"));
        }
        try {
            return Translation.mapped(String.join(",", allowed((TomlArray) rule)));
        } catch (NoEquivalent e) {
            return refused(ruleName, e.reason);
        }
    }

    private static Translation refused(String ruleName, Message why) {
        return Translation.refused(Message.of("import.access.refused", ruleName, why));
    }

    private Set<String> allowed(TomlArray clauses) throws NoEquivalent {
        Set<String> items = new LinkedHashSet<>();
        for (int i = 0; i < clauses.size(); i++) {
            Object clause = clauses.get(i);
            Object accessClass = clause instanceof TomlTable ? ((TomlTable) clause).get(List.of("acl")) : null;
            if (!(accessClass instanceof String)) {
                throw new NoEquivalent(Message.of("import.access.noacl"));
            }
            Object value = ((TomlTable) clause).get(List.of("value"));
            if ("deny".equals(value)) {
                throw new NoEquivalent(Message.of("import.access.deny", accessClass));
            }
            if (!"allow".equals(value)) {
                throw new NoEquivalent(Message.of("import.access.value", accessClass, String.valueOf(value)));
            }
            items.addAll(ALL.equals(accessClass) ? Set.of(ALL) : patternsOf((String) accessClass));
            if (items.contains(ALL)) {
                // MongooseIM never looks past a clause that matches everybody.
                return Set.of(ALL);
            }
        }
        if (items.isEmpty()) {
            throw new NoEquivalent(Message.of("import.access.nobody"));
        }
        return items;
    }

    private Set<String> patternsOf(String accessClass) throws NoEquivalent {
        Object patterns = accessClasses == null ? null : accessClasses.get(List.of(accessClass));
        if (patterns == null) {
            throw new NoEquivalent(Message.of("import.access.acl.undefined", accessClass));
        }
        if (!(patterns instanceof TomlArray)) {
            throw new NoEquivalent(Message.of("import.access.acl.notlist", accessClass));
        }
        Set<String> items = new LinkedHashSet<>();
        TomlArray list = (TomlArray) patterns;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof TomlTable)) {
                throw new NoEquivalent(Message.of("import.access.acl.nottable", accessClass, String.valueOf(i + 1)));
            }
            items.addAll(translatePattern(accessClass, (TomlTable) list.get(i)));
        }
        return items;
    }

    /** The plugin's items for one pattern; empty for a pattern that matches nobody. */
    private static Set<String> translatePattern(String accessClass, TomlTable pattern) throws NoEquivalent {
        Set<String> keys = pattern.keySet();
        Object match = pattern.get(List.of("match"));
        Object user = pattern.get(List.of("user"));
        Object server = pattern.get(List.of("server"));
        // An empty pattern means match = "current_domain".
        if (keys.isEmpty() || (keys.equals(Set.of("match")) && ("current_domain".equals(match)
            || "any_hosted_domain".equals(match)))) {
            // Openfire hosts one XMPP domain: its accounts are the plugin's local.
            return Set.of(LOCAL);
        }
        if (keys.equals(Set.of("match")) && ALL.equals(match)) {
            return Set.of(ALL);
        }
        if (keys.equals(Set.of("match")) && "none".equals(match)) {
            return Set.of();
        }
        if (keys.equals(Set.of("server")) && server instanceof String) {
            return Set.of((String) server);
        }
        if (keys.equals(Set.of("user", "server")) && user instanceof String && server instanceof String) {
            return Set.of(user + "@" + server);
        }
        throw new NoEquivalent(Message.of("import.access.pattern", accessClass, describe(pattern),
            whyUntranslatable(keys)));
    }

    private static Message whyUntranslatable(Set<String> keys) {
        if (keys.stream().anyMatch(key -> key.endsWith("_regexp"))) {
            return Message.of("import.access.pattern.regexp");
        }
        if (keys.stream().anyMatch(key -> key.endsWith("_glob"))) {
            return Message.of("import.access.pattern.glob");
        }
        if (keys.contains("resource")) {
            return Message.of("import.access.pattern.resource");
        }
        if (keys.equals(Set.of("user"))) {
            return Message.of("import.access.pattern.user");
        }
        return Message.of("import.access.pattern.other");
    }

    private static String describe(TomlTable pattern) {
        return pattern.keySet().stream()
            .map(key -> {
                Object value = pattern.get(List.of(key));
                return key + " = " + (value instanceof String ? "\"" + value + "\"" : String.valueOf(value));
            })
            .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Why a rule cannot be translated; ends the walk through its clauses. */
    private static final class NoEquivalent extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Message reason;

        NoEquivalent(Message reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }
}
