package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects the runs of every scenario and shows them: per scenario a table with min / median / max of each metric
 * for each port and the ratio of the medians (first port / second port), and the same with every run as JSON.
 */
final class ComparisonReport {
    private final String first;
    private final String second;
    private final Map<String, List<RunResult>> runsByScenario = new LinkedHashMap<>();

    ComparisonReport(String first, String second) {
        this.first = first;
        this.second = second;
    }

    void add(String scenario, RunResult run) {
        runsByScenario.computeIfAbsent(scenario, key -> new ArrayList<>()).add(run);
    }

    void printTables(PrintStream out) {
        for (Map.Entry<String, List<RunResult>> scenario : runsByScenario.entrySet()) {
            out.println();
            out.println("== " + scenario.getKey());
            out.printf(Locale.ROOT, "%-28s %-34s %-34s %s%n", "", first + " min / median / max",
                second + " min / median / max", first + "/" + second);
            out.printf(Locale.ROOT, "%-28s %-34s %-34s%n", "runs finished", finishedCount(scenario.getValue(), first),
                finishedCount(scenario.getValue(), second));
            for (String metric : metricNames(scenario.getValue())) {
                Distribution ofFirst = distribution(scenario.getValue(), first, metric);
                Distribution ofSecond = distribution(scenario.getValue(), second, metric);
                String ratio = ofFirst.isEmpty() || ofSecond.isEmpty() || ofSecond.median() == 0 ? "-"
                    : String.format(Locale.ROOT, "%.2f", ofFirst.median() / ofSecond.median());
                out.printf(Locale.ROOT, "%-28s %-34s %-34s %s%n", metric, spread(ofFirst), spread(ofSecond), ratio);
            }
            for (RunResult run : scenario.getValue()) {
                if (!run.finished() || run.firstError != null) {
                    out.println("  " + run.port + " round " + run.round + ": "
                        + (run.finished() ? "" : run.failure + "; ")
                        + (run.firstError == null ? "" : "first error: " + abbreviate(run.firstError)));
                }
            }
        }
    }

    void writeJson(Path file, Map<String, String> options) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"options\": {");
        String separator = "";
        for (Map.Entry<String, String> option : options.entrySet()) {
            json.append(separator).append(quote(option.getKey())).append(": ").append(quote(option.getValue()));
            separator = ", ";
        }
        json.append("},\n  \"scenarios\": [");
        separator = "\n";
        for (Map.Entry<String, List<RunResult>> scenario : runsByScenario.entrySet()) {
            json.append(separator).append("    {\"scenario\": ").append(quote(scenario.getKey()))
                .append(",\n     \"summary\": ").append(summaryJson(scenario.getValue()))
                .append(",\n     \"runs\": [");
            String runSeparator = "\n";
            for (RunResult run : scenario.getValue()) {
                json.append(runSeparator).append("       ").append(runJson(run));
                runSeparator = ",\n";
            }
            json.append("]}");
            separator = ",\n";
        }
        json.append("\n  ]\n}\n");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String summaryJson(List<RunResult> runs) {
        StringBuilder json = new StringBuilder("{");
        String separator = "";
        for (String metric : metricNames(runs)) {
            Distribution ofFirst = distribution(runs, first, metric);
            Distribution ofSecond = distribution(runs, second, metric);
            json.append(separator).append(quote(metric)).append(": {").append(quote(first)).append(": ")
                .append(spreadJson(ofFirst)).append(", ").append(quote(second)).append(": ")
                .append(spreadJson(ofSecond)).append('}');
            separator = ", ";
        }
        return json.append('}').toString();
    }

    private static String runJson(RunResult run) {
        StringBuilder json = new StringBuilder("{\"port\": ").append(quote(run.port)).append(", \"round\": ")
            .append(run.round).append(", \"finished\": ").append(run.finished());
        if (!run.finished()) {
            json.append(", \"failure\": ").append(quote(run.failure));
        }
        if (run.firstError != null) {
            json.append(", \"firstError\": ").append(quote(run.firstError));
        }
        for (Map.Entry<String, Double> metric : run.metrics.entrySet()) {
            json.append(", ").append(quote(metric.getKey())).append(": ").append(number(metric.getValue()));
        }
        return json.append('}').toString();
    }

    private static String spreadJson(Distribution distribution) {
        return distribution.isEmpty() ? "null"
            : "{\"min\": " + number(distribution.min()) + ", \"median\": " + number(distribution.median())
                + ", \"max\": " + number(distribution.max()) + "}";
    }

    private static Set<String> metricNames(List<RunResult> runs) {
        Set<String> names = new LinkedHashSet<>();
        for (RunResult run : runs) {
            names.addAll(run.metrics.keySet());
        }
        return names;
    }

    /** The metric over the port's finished runs. */
    private static Distribution distribution(List<RunResult> runs, String port, String metric) {
        return new Distribution(runs.stream()
            .filter(run -> run.port.equals(port) && run.finished() && run.metrics.containsKey(metric))
            .mapToDouble(run -> run.metrics.get(metric)).toArray());
    }

    private static String finishedCount(List<RunResult> runs, String port) {
        long all = runs.stream().filter(run -> run.port.equals(port)).count();
        long finished = runs.stream().filter(run -> run.port.equals(port) && run.finished()).count();
        return finished + " of " + all;
    }

    private static String spread(Distribution distribution) {
        return distribution.isEmpty() ? "-"
            : format(distribution.min()) + " / " + format(distribution.median()) + " / " + format(distribution.max());
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
            : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
