package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one run of one scenario on one port measured, in the order its metrics are shown. */
final class RunResult {
    final String port;
    final int round;
    final Map<String, Double> metrics = new LinkedHashMap<>();
    /** Why the run did not finish (timed out, refused), or null: an unfinished run's rates are not compared. */
    String failure;
    /** The first error the server answered with, if any. */
    String firstError;

    RunResult(String port, int round) {
        this.port = port;
        this.round = round;
    }

    RunResult metric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    boolean finished() {
        return failure == null;
    }
}
