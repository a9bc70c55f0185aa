package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Translates an ejabberd access rule, as named by a service listener's {@code access}, into the plugin's
 * {@code access}, on the same terms as {@link AccessImport} for MongooseIM: only a rule whose clauses all allow,
 * over access classes whose patterns all translate, means the same as the plugin's list of who is allowed. The
 * {@code access_rules} section holds {@code NAME: {allow: ACL}} (or a list of such clauses, or a list of ACL names);
 * {@code acl} holds {@code NAME: {user: [...], server: [...], user_regexp: "", ...}}.
 */
final class EjabberdAccess {
    private static final String ALL = "all";
    private static final String LOCAL = "local";

    private final Map<?, ?> rules;
    private final Map<?, ?> accessClasses;

    /** The {@code access_rules} and {@code acl} sections; empty maps for those the text does not have. */
    EjabberdAccess(Map<?, ?> rules, Map<?, ?> accessClasses) {
        this.rules = rules;
        this.accessClasses = accessClasses;
    }

    Translation translate(String ruleName) {
        if (ALL.equals(ruleName)) {
            return Translation.mapped(ALL);
        }
        if ("none".equals(ruleName)) {
            return refused(ruleName, Message.of("import.access.none"));
        }
        Object rule = rules.get(ruleName);
        if (rule == null) {
            return refused(ruleName, Message.of("import.ejabberd.access.undefined"));
        }
        try {
            Set<String> items = new LinkedHashSet<>();
            for (Object[] clause : clauses(rule)) {
                if (!"allow".equals(clause[0])) {
                    throw new NoEquivalent(Message.of("import.access.value", String.valueOf(clause[1]),
                        String.valueOf(clause[0])));
                }
                for (Object accessClass : clause[1] instanceof List ? (List<?>) clause[1] : List.of(clause[1])) {
                    items.addAll(patternsOf(String.valueOf(accessClass)));
                }
            }
            if (items.isEmpty()) {
                throw new NoEquivalent(Message.of("import.access.nobody"));
            }
            return Translation.mapped(items.contains(ALL) ? ALL : String.join(",", items));
        } catch (NoEquivalent e) {
            return refused(ruleName, e.reason);
        }
    }

    private static Translation refused(String ruleName, Message why) {
        return Translation.refused(Message.of("import.ejabberd.access.refused", ruleName, why));
    }

    /** The rule's clauses as {value, acl or list of acls}, in order. */
    private static List<Object[]> clauses(Object rule) throws NoEquivalent {
        List<Object[]> clauses = new ArrayList<>();
        List<?> parts = rule instanceof List ? (List<?>) rule : List.of(rule);
        for (Object part : parts) {
            if (part instanceof Map) {
                for (Map.Entry<?, ?> clause : ((Map<?, ?>) part).entrySet()) {
                    clauses.add(new Object[] {clause.getKey(), clause.getValue()});
                }
            } else if (part instanceof String) {
                // A bare value in a list: allow or deny everybody.
                clauses.add(new Object[] {part, ALL});
            } else {
                throw new NoEquivalent(Message.of("import.access.noacl"));
            }
        }
        return clauses;
    }

    private Set<String> patternsOf(String accessClass) throws NoEquivalent {
        if (ALL.equals(accessClass)) {
            return Set.of(ALL);
        }
        if ("none".equals(accessClass)) {
            return Set.of();
        }
        Object patterns = accessClasses.get(accessClass);
        if (!(patterns instanceof Map)) {
            throw new NoEquivalent(Message.of(patterns == null ? "import.ejabberd.acl.undefined"
                : "import.access.acl.notlist", accessClass));
        }
        Set<String> items = new LinkedHashSet<>();
        for (Map.Entry<?, ?> pattern : ((Map<?, ?>) patterns).entrySet()) {
            String kind = String.valueOf(pattern.getKey());
            List<?> values = pattern.getValue() instanceof List ? (List<?>) pattern.getValue()
                : List.of(String.valueOf(pattern.getValue()));
            for (Object value : values) {
                items.add(translatePattern(accessClass, kind, String.valueOf(value)));
            }
        }
        return items;
    }

    private static String translatePattern(String accessClass, String kind, String value) throws NoEquivalent {
        // ejabberd's default "local" class: any user of a local host.
        if (kind.equals("user_regexp") && value.isEmpty()) {
            return LOCAL;
        }
        if (kind.equals("server")) {
            return value;
        }
        if (kind.equals("user") && value.contains("@")) {
            return value;
        }
        Message why = kind.endsWith("_regexp") ? Message.of("import.access.pattern.regexp")
            : kind.endsWith("_glob") ? Message.of("import.access.pattern.glob")
            : kind.equals("user") ? Message.of("import.access.pattern.user")
            : kind.startsWith("resource") ? Message.of("import.access.pattern.resource")
            : Message.of("import.access.pattern.other");
        throw new NoEquivalent(Message.of("import.access.pattern", accessClass, kind + ": " + value, why));
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
