package org.jivesoftware.openfire.plugin.componentlistener.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals of everything the plugin's listeners did since the plugin started, summed over all listeners. Counting is
 * a striped add, cheap enough for the stanza path. Shown on the listeners page and published as Openfire statistics.
 */
public final class ListenerCounters {

    /** What is counted; each has an i18n name {@code stat.<key>.name} and description {@code stat.<key>.description}. */
    public enum Counter {
        HANDSHAKES_ACCEPTED("handshakes_accepted", "handshakes"),
        HANDSHAKES_REFUSED("handshakes_refused", "handshakes"),
        CONFLICTS("conflicts", "connections"),
        KICKS("kicks", "connections"),
        STANZAS_IN("stanzas_in", "stanzas"),
        STANZAS_OUT("stanzas_out", "stanzas"),
        BYTES_IN("bytes_in", "bytes"),
        BYTES_OUT("bytes_out", "bytes"),
        BOUNCED("bounced", "stanzas");

        private final String key;
        private final String units;

        Counter(String key, String units) {
            this.key = key;
            this.units = units;
        }

        public String key() {
            return key;
        }

        public String units() {
            return units;
        }
    }

    private final Map<Counter, LongAdder> totals = new EnumMap<>(Counter.class);

    public ListenerCounters() {
        for (Counter counter : Counter.values()) {
            totals.put(counter, new LongAdder());
        }
    }

    public void increment(Counter counter) {
        totals.get(counter).increment();
    }

    public void add(Counter counter, long amount) {
        totals.get(counter).add(amount);
    }

    public long get(Counter counter) {
        return totals.get(counter).sum();
    }
}
