package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Named byte rates for the {@code shaper} option: the built-in {@code none}, {@code normal} (1,000 B/s) and
 * {@code fast} (50,000 B/s), and the ones admins define in {@code plugin.componentlistener.shapers}
 * ({@code name=bytesPerSecond}, comma-separated).
 */
public final class Shapers {
    public static final String PROPERTY = ListenerConfigs.PREFIX + "shapers";
    public static final String NONE = "none";
    /** The smallest definable rate: below it a single stanza could take longer than the handshake timeout. */
    public static final long MIN_RATE = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Map<String, Long> BUILT_IN = builtIn();

    private final Map<String, Long> rates;
    private final List<Message> problems;

    private Shapers(Map<String, Long> rates, List<Message> problems) {
        this.rates = Collections.unmodifiableMap(rates);
        this.problems = List.copyOf(problems);
    }

    /** The built-ins plus the admin's definitions; a bad definition is left out and reported in problems(). */
    public static Shapers read(PropertyStore store) {
        Map<String, Long> rates = new LinkedHashMap<>(BUILT_IN);
        List<Message> problems = new ArrayList<>();
        String defined = store.get(PROPERTY);
        for (String entry : defined == null ? new String[0] : defined.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            String name = parts[0].trim();
            Long rate = parts.length == 2 ? parseRate(parts[1].trim()) : null;
            if (rate == null || !isDefinable(name, rate)) {
                problems.add(Message.of("error.shaper.definition", entry.trim(), String.valueOf(MIN_RATE)));
            } else {
                rates.put(name, rate);
            }
        }
        return new Shapers(rates, problems);
    }

    /** True when {@link #read} would keep a definition with this name and rate. */
    public static boolean isDefinable(String name, long rate) {
        return checkName(name).isEmpty() && rate >= MIN_RATE;
    }

    private static Long parseRate(String rate) {
        try {
            return Long.parseLong(rate);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Long> builtIn() {
        Map<String, Long> rates = new LinkedHashMap<>();
        rates.put(NONE, 0L);
        rates.put("normal", 1_000L);
        rates.put("fast", 50_000L);
        return Collections.unmodifiableMap(rates);
    }

    public boolean contains(String name) {
        return rates.containsKey(name);
    }

    /** Bytes per second for a known shaper name; 0 means unlimited. */
    public long rate(String name) {
        return rates.get(name);
    }

    /** Every shaper, built-ins first, for the admin console. */
    public Map<String, Long> all() {
        return rates;
    }

    /** True for {@code none}, {@code normal} and {@code fast}, which cannot be changed. */
    public static boolean isBuiltIn(String name) {
        return BUILT_IN.containsKey(name);
    }

    /** Why an admin's shaper cannot have this name, or empty when it can. */
    public static Optional<Message> checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of(Message.of("error.shaper.name"));
        }
        return BUILT_IN.containsKey(name) ? Optional.of(Message.of("error.shaper.builtin", name)) : Optional.empty();
    }

    /** Why the text is not a shaper's rate, or empty when it is. */
    public static Optional<Message> checkRate(String rate) {
        Long parsed = parseRate(rate == null ? "" : rate.trim());
        return parsed == null || parsed < MIN_RATE
            ? Optional.of(Message.of("error.shaper.rate", String.valueOf(MIN_RATE))) : Optional.empty();
    }

    /** Why a listener cannot name this shaper (it is not defined), or empty when it can. */
    public Optional<Message> checkKnown(String name) {
        return rates.containsKey(name) ? Optional.empty()
            : Optional.of(Message.of("error.shaper.unknown", name, String.join(", ", rates.keySet())));
    }

    /** The admin's own shapers, without the built-ins. */
    public Map<String, Long> defined() {
        Map<String, Long> defined = new LinkedHashMap<>(rates);
        defined.keySet().removeAll(BUILT_IN.keySet());
        return defined;
    }

    /**
     * Adds or changes the admin's shapers (names and rates already checked with {@link #checkName} and
     * {@link #checkRate}), keeping the others: the one read-modify-write of the stored list.
     */
    public static void define(PropertyStore store, Map<String, Long> shapers) {
        Map<String, Long> defined = new LinkedHashMap<>(read(store).defined());
        defined.putAll(shapers);
        save(store, defined);
    }

    /** Removes one of the admin's shapers, keeping the others. */
    public static void remove(PropertyStore store, String name) {
        Map<String, Long> defined = new LinkedHashMap<>(read(store).defined());
        defined.remove(name);
        save(store, defined);
    }

    private static void save(PropertyStore store, Map<String, Long> defined) {
        if (defined.isEmpty()) {
            store.delete(PROPERTY);
            return;
        }
        List<String> entries = new ArrayList<>();
        defined.forEach((name, rate) -> entries.add(name + "=" + rate));
        store.set(PROPERTY, String.join(",", entries));
    }

    /** Definitions that were left out, and why. */
    public List<Message> problems() {
        return problems;
    }
}
