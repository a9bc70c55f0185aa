package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Every benchmark in one run: the end-to-end benchmark, then the decoder and encoder under JMH with the GC
 * profiler. Writes {@code target/bench-e2e.md}, {@code target/bench-codec.md} and JMH's {@code target/bench.json}.
 * {@code -Dbench.only=e2e} or {@code -Dbench.only=codec} runs one of them; {@code -Dbench.only=fleet} only the
 * end-to-end benchmark's fleet scenario ({@code target/bench-fleet.md}).
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String only = System.getProperty("bench.only", "");
        Path target = Path.of("target");
        Files.createDirectories(target);
        if (only.equals("fleet")) {
            new EndToEndBenchmark().runFleet(target.resolve("bench-fleet.md"));
        } else if (!only.equals("codec")) {
            new EndToEndBenchmark().run(target.resolve("bench-e2e.md"));
        }
        if (only.isEmpty() || only.equals("codec")) {
            codec(target);
        }
        System.exit(0);
    }

    private static void codec(Path target) throws Exception {
        Options options = new OptionsBuilder()
            .include(CodecBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(target.resolve("bench.json").toString())
            .build();
        Collection<RunResult> results = new Runner(options).run();
        StringBuilder text = new StringBuilder("# Decoder and encoder (JMH, one thread)\n\n"
            + "| benchmark | stanza size (B) | stanzas/s | ± (99.9 %) | allocated per stanza (B) |\n|---|---|---|---|---|\n");
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
            text.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f |%n",
                run.getParams().getBenchmark().replaceAll(".*\\.", ""), run.getParams().getParam("size"),
                primary.getScore(), primary.getScoreError(),
                allocated == null ? Double.NaN : allocated.getScore()));
        }
        System.out.println(text);
        Files.writeString(target.resolve("bench-codec.md"), text);
    }
}
