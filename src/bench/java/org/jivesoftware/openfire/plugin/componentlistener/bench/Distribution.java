package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.Arrays;

/** Order statistics of a set of measurements. */
final class Distribution {
    private final double[] sorted;

    Distribution(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    static Distribution ofNanos(long[] nanos, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = nanos[i];
        }
        return new Distribution(values);
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    double median() {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The value below which the given fraction of measurements lie (nearest rank). */
    double percentile(double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
