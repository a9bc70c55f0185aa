package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The command line of {@link OpenfireComparison}: {@code --name value} pairs, each with its default. */
final class ComparisonOptions {
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("host", "127.0.0.1");
        DEFAULTS.put("xmpp-domain", "example.org");
        DEFAULTS.put("c2s", "5222");
        DEFAULTS.put("plugin-port", "8888");
        DEFAULTS.put("openfire-port", "5275");
        DEFAULTS.put("secret", "secret");
        DEFAULTS.put("users", "bench");
        DEFAULTS.put("password", "bench");
        DEFAULTS.put("clients", "20");
        DEFAULTS.put("scenarios", "1,2,3,4");
        DEFAULTS.put("rounds", "5");
        DEFAULTS.put("warmup-rounds", "1");
        DEFAULTS.put("messages", "50000");
        DEFAULTS.put("round-trips", "20000");
        DEFAULTS.put("cycle-seconds", "5");
        DEFAULTS.put("timeout-seconds", "120");
        DEFAULTS.put("server-pid", "");
        DEFAULTS.put("json", "target/openfire-comparison.json");
    }

    private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);

    static ComparisonOptions parse(String[] args) {
        ComparisonOptions options = new ComparisonOptions();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !DEFAULTS.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'; options (with"
                    + " defaults): " + DEFAULTS);
            }
            options.values.put(name, args[i + 1]);
        }
        return options;
    }

    String text(String name) {
        return values.get(name);
    }

    int number(String name) {
        return Integer.parseInt(values.get(name));
    }

    boolean isSet(String name) {
        return !values.get(name).isEmpty();
    }

    /** Every option with its value, defaults included. */
    Map<String, String> all() {
        return values;
    }
}
