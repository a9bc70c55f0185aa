package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Translates the shaper a component listener of another server names into one of the plugin's shapers. MongooseIM's
 * {@code [shaper]} section defines {@code NAME = {max_rate = N}} in bytes per second, as the plugin does, and so does
 * ejabberd's {@code shaper:} section ({@code NAME: N} or {@code NAME: {rate: N}}). A shaper the
 * plugin already has with the same rate is used as it is; otherwise the import defines one, under the same name when
 * that is free and acceptable to the plugin, else under {@code mim-NAME} ({@code ejabberd-NAME}) (with a number when even that is taken),
 * and says so. Every listener naming one MongooseIM shaper gets the same plugin shaper.
 */
final class ShaperImport {
    private static final int LONGEST_NAME = 32;
    private static final int ALTERNATIVES = 100;

    private final Function<String, Object> definitions;
    private final Shapers existing;
    private final String prefix;
    private final Map<String, Long> toDefine = new LinkedHashMap<>();
    private final Map<String, Translation> translated = new HashMap<>();

    /**
     * @param definitions a shaper's rate by its name in the file: null when the file does not define it, a
     *                    {@code Long} of bytes per second, or anything else when the definition has no such rate
     * @param existing    the shapers the plugin has now
     * @param format      whose name prefix a renamed shaper gets, e.g. {@code mim-}
     */
    ShaperImport(Function<String, Object> definitions, Shapers existing, ImportFormat format) {
        this.prefix = format.idPrefix();
        this.definitions = definitions;
        this.existing = existing;
    }

    Translation translate(String mongooseName) {
        return translated.computeIfAbsent(mongooseName, this::resolve);
    }

    /** The shapers the listeners translated so far need and the plugin does not have: name to bytes per second. */
    Map<String, Long> toDefine() {
        return Collections.unmodifiableMap(toDefine);
    }

    private Translation resolve(String name) {
        if (Shapers.NONE.equals(name)) {
            return Translation.mapped(Shapers.NONE);
        }
        Object maxRate = definitions.apply(name);
        if (maxRate == null) {
            return refused(name, Message.of("import.shaper.undefined"));
        }
        if (maxRate instanceof Integer) {
            maxRate = ((Integer) maxRate).longValue();
        }
        if (!(maxRate instanceof Long)) {
            return refused(name, Message.of("import.shaper.norate"));
        }
        long rate = (Long) maxRate;
        if (rate < Shapers.MIN_RATE) {
            return refused(name, Message.of("import.shaper.slow", String.valueOf(rate),
                String.valueOf(Shapers.MIN_RATE)));
        }
        if (claim(name, rate)) {
            return Translation.mapped(name);
        }
        Message why = whyNotAsItIs(name);
        for (int attempt = 1; attempt <= ALTERNATIVES; attempt++) {
            String alternative = alternativeName(name, attempt);
            if (claim(alternative, rate)) {
                return Translation.mappedWithNote(alternative, Message.of("import.shaper.renamed", name,
                    String.valueOf(rate), alternative, why));
            }
        }
        return refused(name, Message.of("import.shaper.nofreename", why, alternativeName(name, 1)));
    }

    private static Translation refused(String name, Message why) {
        return Translation.refused(Message.of("import.shaper.refused", name, why));
    }

    /**
     * True when the name can stand for this rate: the plugin or this import has it with the same rate, or it is
     * free and acceptable, in which case it is taken for this import.
     */
    private boolean claim(String name, long rate) {
        if (existing.contains(name)) {
            return existing.rate(name) == rate;
        }
        Long defined = toDefine.get(name);
        if (defined != null) {
            return defined == rate;
        }
        if (!Shapers.isDefinable(name, rate)) {
            return false;
        }
        toDefine.put(name, rate);
        return true;
    }

    /** Why the name is taken, or (the plugin's own rule, from {@link Shapers#checkName}) not acceptable. */
    private Message whyNotAsItIs(String name) {
        if (existing.contains(name)) {
            return Message.of("import.shaper.taken", name, String.valueOf(existing.rate(name)));
        }
        if (toDefine.containsKey(name)) {
            return Message.of("import.shaper.twice", name);
        }
        return Shapers.checkName(name).orElseThrow();
    }

    private String alternativeName(String name, int attempt) {
        String suffix = attempt == 1 ? "" : "-" + attempt;
        String base = prefix + name.replaceAll("[^A-Za-z0-9_-]", "-");
        return base.substring(0, Math.min(base.length(), LONGEST_NAME - suffix.length())) + suffix;
    }
}
