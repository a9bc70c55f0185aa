package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jivesoftware.openfire.stats.Statistic;
import org.jivesoftware.openfire.stats.StatisticsManager;
import org.jivesoftware.util.LocaleUtils;

/**
 * Publishes the plugin's counters as Openfire statistics, which the Monitoring plugin samples and graphs. Totals
 * are published as rates (what happened since the previous sample), the number of connected components as a count.
 */
public final class OpenfireStatistics {
    /** Statistic keys start with this, so that they are recognisable among Openfire's. */
    public static final String KEY_PREFIX = "componentlistener_";
    private static final String PLUGIN_NAME = "componentlistener";

    private final List<String> published = new ArrayList<>();

    /** A total that only grows: published as a rate. */
    public void addTotal(String key, String units, LongSupplier total) {
        AtomicLong previous = new AtomicLong(total.getAsLong());
        add(key, units, Statistic.Type.rate, () -> {
            long now = total.getAsLong();
            return now - previous.getAndSet(now);
        });
    }

    /** A value that goes up and down: published as a count. */
    public void addGauge(String key, String units, LongSupplier value) {
        add(key, units, Statistic.Type.count, value);
    }

    private void add(String key, String units, Statistic.Type type, LongSupplier sample) {
        // Texts are looked up when asked for: while the plugin initialises, Openfire may not list it yet.
        StatisticsManager.getInstance().addStatistic(KEY_PREFIX + key, new Statistic() {
            @Override
            public String getName() {
                return LocaleUtils.getLocalizedString("stat." + key + ".name", PLUGIN_NAME);
            }

            @Override
            public Type getStatType() {
                return type;
            }

            @Override
            public String getDescription() {
                return LocaleUtils.getLocalizedString("stat." + key + ".description", PLUGIN_NAME);
            }

            @Override
            public String getUnits() {
                return units;
            }

            @Override
            public double sample() {
                return sample.getAsLong();
            }

            @Override
            public boolean isPartialSample() {
                // Each node counts its own listeners: the cluster's figure is the sum of the nodes'.
                return true;
            }
        });
        published.add(KEY_PREFIX + key);
    }

    /** Removes every statistic this added. */
    public void removeAll() {
        for (String key : published) {
            StatisticsManager.getInstance().removeStatistic(key);
        }
        published.clear();
    }
}
