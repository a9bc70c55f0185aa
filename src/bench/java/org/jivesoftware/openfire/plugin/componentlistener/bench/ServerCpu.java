package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** CPU time (user + system) a process has used so far, from Linux's {@code /proc/<pid>/stat}. */
final class ServerCpu {
    /** utime and stime are fields 14 and 15 of the stat line; counted from after the command's ')', 12 and 13. */
    private static final int UTIME_AFTER_COMMAND = 11;
    private static final int STIME_AFTER_COMMAND = 12;

    private final Path stat;
    private final double nanosPerTick;

    ServerCpu(long pid) throws IOException, InterruptedException {
        this.stat = Paths.get("/proc", Long.toString(pid), "stat");
        if (!Files.isReadable(stat)) {
            throw new IOException("no process " + pid + " to measure (" + stat + ")");
        }
        this.nanosPerTick = 1e9 / clockTicksPerSecond();
    }

    /** CPU time used so far, in nanoseconds (as coarse as the clock tick, usually 10 ms). */
    long usedNanos() throws IOException {
        String line = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[STIME_AFTER_COMMAND]);
        return Math.round(ticks * nanosPerTick);
    }

    private static long clockTicksPerSecond() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        try (InputStream out = getconf.getInputStream()) {
            String answer = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Long.parseLong(answer);
        } catch (NumberFormatException e) {
            return 100; // Linux's USER_HZ nearly everywhere
        }
    }
}
