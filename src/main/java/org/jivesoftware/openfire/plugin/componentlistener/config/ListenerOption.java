package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;

/**
 * The one definition of every per-listener option: property name, type, default, allowed range and
 * the i18n key of its description. The property reader, the admin pages and the README table all
 * come from here.
 */
public enum ListenerOption {
    ENABLED("enabled", Kind.BOOLEAN, "true", 0, 0),
    PORT("port", Kind.INTEGER, "8888", 1, 65535),
    IP_ADDRESS("ip_address", Kind.ADDRESS, "127.0.0.1", 0, 0),
    /** Empty means: fall back to Openfire's default component secret. */
    PASSWORD("password", Kind.SECRET, "", 0, 0),
    ACCESS("access", Kind.ACCESS, "all", 0, 0),
    /** A name from {@link Shapers}; whether it exists is checked against the shapers defined. */
    SHAPER("shaper", Kind.NAME, Shapers.NONE, 0, 0),
    CHECK_FROM("check_from", Kind.BOOLEAN, "true", 0, 0),
    HIDDEN_COMPONENTS("hidden_components", Kind.BOOLEAN, "false", 0, 0),
    CONFLICT_BEHAVIOUR("conflict_behaviour", Kind.CHOICE, "disconnect", 0, 0, "disconnect", "kick_old", "share"),
    /** How the stanzas of a domain held by several connections (a fleet) are spread among them. */
    BALANCING("balancing", Kind.CHOICE, "bare_source", 0, 0, "bare_source", "source", "bare_destination",
        "destination", "random", "round_robin"),
    /** Empty means: no limit. */
    MAX_FSM_QUEUE("max_fsm_queue", Kind.OPTIONAL_INTEGER, "", 1, 10_000_000),
    MAX_STANZA_SIZE("max_stanza_size", Kind.INTEGER, "1048576", 1024, 67_108_864),
    STATE_TIMEOUT("state_timeout", Kind.INTEGER, "5000", 100, 600_000),
    /** Milliseconds a departed component's domain is kept; 0 turns it off. */
    RECONNECT_GRACE("reconnect_grace", Kind.INTEGER, "0", 0, 3_600_000),
    /** Milliseconds of silence from a component before it is pinged; 0 turns it off. */
    KEEPALIVE_INTERVAL("keepalive_interval", Kind.INTEGER, "120000", 0, 86_400_000),
    /** Milliseconds a pinged component has to send anything before its stream ends. */
    KEEPALIVE_TIMEOUT("keepalive_timeout", Kind.INTEGER, "30000", 100, 600_000),
    /** Failed handshakes in a row, per remote address and domain, before that pair is refused; 0 turns it off. */
    HANDSHAKE_FAILURES("handshake_failures", Kind.INTEGER, "5", 0, 1000),
    /** Milliseconds a pair with too many failed handshakes is refused. */
    HANDSHAKE_LOCKOUT("handshake_lockout", Kind.INTEGER, "60000", 1000, 86_400_000),
    /** {@code direct}: TLS from the first byte, the XEP-0114 stream inside it. */
    TLS("tls", Kind.CHOICE, "none", 0, 0, "none", "direct"),
    /** PEM certificate chain; with {@link #TLS_KEYFILE}, used instead of Openfire's own certificate. */
    TLS_CERTFILE("tls_certfile", Kind.PATH, "", 0, 0),
    /** PEM private key (unencrypted) of {@link #TLS_CERTFILE}. */
    TLS_KEYFILE("tls_keyfile", Kind.PATH, "", 0, 0);

    /** Every option with its default value. */
    public static Map<ListenerOption, String> defaults() {
        Map<ListenerOption, String> defaults = new EnumMap<>(ListenerOption.class);
        for (ListenerOption option : values()) {
            defaults.put(option, option.defaultValue);
        }
        return defaults;
    }

    /** How a value is parsed and checked. */
    public enum Kind { BOOLEAN, INTEGER, OPTIONAL_INTEGER, ADDRESS, SECRET, ACCESS, NAME, CHOICE, PATH }

    private static final Pattern IPV4 =
        Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final List<String> choices;

    ListenerOption(String key, Kind kind, String defaultValue, long min, long max, String... choices) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.choices = List.of(choices);
    }

    /** The option's name, as in MongooseIM's listener options and in the property name. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** The allowed values of a {@link Kind#CHOICE} option. */
    public List<String> choices() {
        return choices;
    }

    /** The i18n key of the one-line description shown in the admin console. */
    public String descriptionKey() {
        return "option." + key + ".description";
    }

    /**
     * Checks a raw value. Returns the reason it is refused (a message naming the option), or empty when the value is
     * acceptable.
     */
    public Optional<Message> validate(String raw) {
        String value = raw == null ? "" : raw.trim();
        switch (kind) {
            case BOOLEAN:
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return Optional.of(Message.of("error.option.boolean", key, value));
                }
                return Optional.empty();
            case OPTIONAL_INTEGER:
                return value.isEmpty() ? Optional.empty() : validateInteger(value);
            case INTEGER:
                return validateInteger(value);
            case ADDRESS:
                return validateAddress(value);
            case ACCESS:
                try {
                    AccessRule.parse(value);
                    return Optional.empty();
                } catch (AccessRule.Invalid e) {
                    return Optional.of(e.reason());
                }
            case NAME:
                return value.isEmpty() ? Optional.of(Message.of("error.option.empty", key)) : Optional.empty();
            case CHOICE:
                return choices.contains(value) ? Optional.empty()
                    : Optional.of(Message.of("error.option.choice", key, String.join(", ", choices), value));
            case PATH:
                return value.isEmpty() || isAbsolutePath(value) ? Optional.empty()
                    : Optional.of(Message.of("error.option.path", key, value));
            case SECRET:
            default:
                return Optional.empty();
        }
    }

    /**
     * Checks what single values cannot show: options that only make sense together. Returns the reasons by the
     * option they are shown beside; empty when the values fit together. Each value must have passed
     * {@link #validate} on its own.
     */
    public static Map<ListenerOption, Message> validateTogether(Map<ListenerOption, String> values) {
        Map<ListenerOption, Message> errors = new EnumMap<>(ListenerOption.class);
        boolean certificate = !values.get(TLS_CERTFILE).isEmpty();
        boolean key = !values.get(TLS_KEYFILE).isEmpty();
        if (certificate && !key) {
            errors.put(TLS_KEYFILE, Message.of("error.option.together", TLS_KEYFILE.key, TLS_CERTFILE.key));
        } else if (key && !certificate) {
            errors.put(TLS_CERTFILE, Message.of("error.option.together", TLS_CERTFILE.key, TLS_KEYFILE.key));
        }
        return errors;
    }

    private Optional<Message> validateInteger(String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                // As text: a port or a limit reads as the admin typed it, not with digit grouping.
                return Optional.of(Message.of("error.option.range", key, String.valueOf(min), String.valueOf(max),
                    String.valueOf(parsed)));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(Message.of("error.option.integer", key, value));
        }
    }

    /** Relative paths would depend on the directory Openfire was started from. */
    private static boolean isAbsolutePath(String value) {
        try {
            return Paths.get(value).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private Optional<Message> validateAddress(String value) {
        // Only literal addresses: a host name would make InetAddress resolve it through DNS.
        boolean literal = IPV4.matcher(value).matches() || value.contains(":");
        if (value.isEmpty() || !literal) {
            return Optional.of(Message.of("error.option.address", key, value));
        }
        try {
            InetAddress.getByName(value);
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(Message.of("error.option.address", key, value));
        }
    }

}
