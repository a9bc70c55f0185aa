package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Reads, checks and writes the grants of component domains, kept in the system properties
 * {@code plugin.componentlistener.privilege.<domain>.<permission>} so that they reach every cluster node and can be
 * set by script. A domain whose properties do not all parse is granted nothing, and says why.
 */
public final class GrantStore {
    public static final String PREFIX = ListenerConfigs.PREFIX + "privilege.";
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern NAMESPACE = Pattern.compile("\\S+");

    /** The permissions, by the last part of their property name. */
    public enum Permission {
        ROSTER, ROSTER_PUSH, MESSAGE, PRESENCE, IQ;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Permission> of(String key) {
            for (Permission permission : values()) {
                if (permission.key().equals(key)) {
                    return Optional.of(permission);
                }
            }
            return Optional.empty();
        }
    }

    /** One domain's grants as read: what is granted (nothing when invalid), the raw values and the problems. */
    public static final class Read {
        private final String domain;
        private final Grants grants;
        private final Map<Permission, String> values;
        private final List<Message> problems;

        Read(String domain, Grants grants, Map<Permission, String> values, List<Message> problems) {
            this.domain = domain;
            this.grants = grants;
            this.values = values;
            this.problems = List.copyOf(problems);
        }

        public String domain() {
            return domain;
        }

        public Grants grants() {
            return grants;
        }

        /** The property values as set (absent ones missing). */
        public Map<Permission, String> values() {
            return values;
        }

        public List<Message> problems() {
            return problems;
        }
    }

    private final PropertyStore store;

    public GrantStore(PropertyStore store) {
        this.store = store;
    }

    public static String propertyName(String domain, Permission permission) {
        return PREFIX + domain + "." + permission.key();
    }

    public static boolean isGrantProperty(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /** Every domain with at least one privilege property, sorted, with what it is granted. */
    public List<Read> readAll() {
        Set<String> domains = new TreeSet<>();
        for (String name : store.names(PREFIX)) {
            int dot = name.lastIndexOf('.');
            if (dot > PREFIX.length()) {
                domains.add(name.substring(PREFIX.length(), dot));
            }
        }
        List<Read> all = new ArrayList<>();
        for (String domain : domains) {
            all.add(read(domain));
        }
        return all;
    }

    public Read read(String domain) {
        Map<Permission, String> values = new EnumMap<>(Permission.class);
        for (Permission permission : Permission.values()) {
            String value = store.get(propertyName(domain, permission));
            if (value != null) {
                values.put(permission, value);
            }
        }
        List<Message> problems = new ArrayList<>();
        for (String name : store.names(PREFIX + domain + ".")) {
            String key = name.substring(PREFIX.length() + domain.length() + 1);
            if (Permission.of(key).isEmpty() && !key.contains(".")) {
                problems.add(Message.of("error.privilege.permission", name));
            }
        }
        Grants grants = parse(values, problems);
        return new Read(domain, problems.isEmpty() ? grants : Grants.NONE, values, problems);
    }

    /**
     * Checks the values (as the admin form gives them; blank or absent means the default) and, when all are valid,
     * replaces the domain's properties with them. Returns the problems; nothing is written when there are any.
     */
    public List<Message> save(String domain, Map<Permission, String> values) {
        List<Message> problems = new ArrayList<>();
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            problems.add(Message.of("error.privilege.domain", String.valueOf(domain)));
            return problems;
        }
        parse(values, problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        for (Permission permission : Permission.values()) {
            String value = values.get(permission);
            if (value == null || value.isBlank()) {
                store.delete(propertyName(domain, permission));
            } else {
                store.set(propertyName(domain, permission), value.trim());
            }
        }
        return problems;
    }

    /** Removes every privilege property of the domain: it is granted nothing. */
    public void delete(String domain) {
        String domainPrefix = PREFIX + domain + ".";
        for (String name : store.names(domainPrefix)) {
            // Not those of a longer domain that starts with this one.
            if (name.indexOf('.', domainPrefix.length()) < 0) {
                store.delete(name);
            }
        }
    }

    private static Grants parse(Map<Permission, String> values, List<Message> problems) {
        Access roster = choice(values, Permission.ROSTER, Access.class, problems).orElse(Access.NONE);
        boolean push = Grants.defaultRosterPush(roster);
        String pushValue = trimmed(values.get(Permission.ROSTER_PUSH));
        if (!pushValue.isEmpty()) {
            if (pushValue.equals("true") || pushValue.equals("false")) {
                push = Boolean.parseBoolean(pushValue);
            } else {
                problems.add(Message.of("error.privilege.value", Permission.ROSTER_PUSH.key(), pushValue,
                    "true, false"));
            }
        }
        Grants.MessageAccess message = choice(values, Permission.MESSAGE, Grants.MessageAccess.class, problems)
            .orElse(Grants.MessageAccess.NONE);
        Grants.PresenceAccess presence = choice(values, Permission.PRESENCE, Grants.PresenceAccess.class, problems)
            .orElse(Grants.PresenceAccess.NONE);
        Map<String, Access> iq = iqGrants(trimmed(values.get(Permission.IQ)), problems);
        return new Grants(roster, push, message, presence, iq);
    }

    /** {@code namespace=get|set|both}, comma-separated; each namespace once. */
    private static Map<String, Access> iqGrants(String value, List<Message> problems) {
        Map<String, Access> grants = new TreeMap<>();
        if (value.isEmpty()) {
            return grants;
        }
        for (String entry : value.split(",")) {
            int equals = entry.lastIndexOf('=');
            String namespace = equals < 0 ? "" : entry.substring(0, equals).trim();
            Optional<Access> access = equals < 0 ? Optional.empty()
                : Access.parse(entry.substring(equals + 1).trim().toLowerCase(Locale.ROOT))
                    .filter(parsed -> parsed != Access.NONE);
            if (!NAMESPACE.matcher(namespace).matches() || access.isEmpty()) {
                problems.add(Message.of("error.privilege.iq", entry.trim()));
            } else if (grants.put(namespace, access.get()) != null) {
                problems.add(Message.of("error.privilege.iq.twice", namespace));
            }
        }
        return grants;
    }

    private static <E extends Enum<E>> Optional<E> choice(Map<Permission, String> values, Permission permission,
                                                        Class<E> type, List<Message> problems) {
        String value = trimmed(values.get(permission)).toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Map<String, E> names = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            names.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        E chosen = names.get(value);
        if (chosen == null) {
            problems.add(Message.of("error.privilege.value", permission.key(), value, String.join(", ", names.keySet())));
        }
        return Optional.ofNullable(chosen);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
