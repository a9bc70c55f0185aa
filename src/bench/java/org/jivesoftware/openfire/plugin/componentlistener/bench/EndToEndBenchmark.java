package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;

/**
 * The end-to-end benchmark: the plugin's listener (its own threads, an in-memory Openfire routing to simulated
 * users) against the floor ({@link FloorServer}), alternating in one run, with components on real loopback TCP.
 * Scenarios: components flooding users, users flooding components, IQ round trips, connect cycles, idle
 * components; and, on the listener only (the floor has no fleets), users sending to one domain of a slow component
 * held by 1, 2 and 4 connections. Each figure is given per round (min, median, max) and as the ratio listener/floor
 * of the medians.
 *
 * <p>System properties: {@code bench.rounds} (5), {@code bench.messages} (200000), {@code bench.seconds} (3),
 * {@code bench.idle} (1000), {@code bench.fleetMessages} (20000), {@code bench.report} (the Markdown report's
 * path).
 */
public final class EndToEndBenchmark {
    static final String BODY = "Hello from the gateway: a chat line of a typical length, carried as it was typed.";
    static final String USER_THREAD = "bench-user";
    private static final int USERS = 20;
    private static final int USER_THREADS = 4;
    private static final int IN_FLIGHT = 20;
    /** Stanzas users may have sent that the components have not read yet. */
    private static final int USER_WINDOW = 5000;
    /** Messages each idle component sends once, about 32 KB. */
    private static final int BURST = 160;
    private static final long TIMEOUT_SECONDS = 120;
    /** The fleet scenario's users: enough keys for the default balancing (bare_source) to spread. */
    private static final int FLEET_USERS = 64;
    private static final int[] FLEET_SIZES = {1, 2, 4};
    /** What the fleet scenario's slow component spends on each stanza, as a gateway waiting on its legacy side. */
    private static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** Between scenarios: no scenario's figures stay reachable from the targets. */
    private static final LongConsumer NOBODY = id -> { };

    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int messages = Integer.getInteger("bench.messages", 200_000);
    private final int seconds = Integer.getInteger("bench.seconds", 3);
    private final int idle = Integer.getInteger("bench.idle", 1000);
    private final int fleetMessages = Integer.getInteger("bench.fleetMessages", 20_000);
    private final Map<String, Figures> figures = new LinkedHashMap<>();
    private final AtomicLong domains = new AtomicLong();

    public static void main(String[] args) throws Exception {
        new EndToEndBenchmark().run(Path.of(System.getProperty("bench.report", "target/bench-e2e.md")));
        System.exit(0);
    }

    void run(Path report) throws Exception {
        try (ListenerTarget listener = new ListenerTarget(); FloorServer floor = new FloorServer()) {
            List<Target> targets = List.of(listener, floor);
            for (Target target : targets) {
                componentsToUsers(target, 1, messages / 4, null);
                usersToComponents(target, 1, messages / 4, null);
            }
            long heapAtStart = usedHeapAfterGc();
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round + " of " + rounds);
                for (Target target : targets) {
                    componentsToUsers(target, 1, messages, figures(target, "components → users, 1 component"));
                    componentsToUsers(target, 4, messages, figures(target, "components → users, 4 components"));
                    usersToComponents(target, 1, messages, figures(target, "users → components, 1 component"));
                    usersToComponents(target, 4, messages, figures(target, "users → components, 4 components"));
                    iqRoundTrips(target, figures(target, "IQ round trips user → component → user, "
                        + IN_FLIGHT + " in flight"));
                    connectCycles(target, figures(target, "connect + handshake + close cycles, one domain"));
                }
                fleetRound(listener);
            }
            long heapGrowth = usedHeapAfterGc() - heapAtStart;
            for (Target target : targets) {
                idleComponents(target, figures(target, idle + " idle components, connected"),
                    figures(target, idle + " idle components, after a burst of " + BURST + " messages each"));
            }
            String text = report(heapGrowth);
            System.out.println(text);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, text);
        }
    }

    /** The fleet scenario alone: a warm-up, then {@code bench.rounds} rounds. */
    void runFleet(Path report) throws Exception {
        try (ListenerTarget listener = new ListenerTarget()) {
            fleetOfSlowComponent(listener, 1, fleetMessages / 4, null);
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round + " of " + rounds);
                fleetRound(listener);
            }
            String text = fleetReport();
            System.out.println(text);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, text);
        }
    }

    private void fleetRound(ListenerTarget listener) throws Exception {
        for (int size : FLEET_SIZES) {
            fleetOfSlowComponent(listener, size, fleetMessages, figures(listener, fleetScenario(size)));
        }
    }

    private static String fleetScenario(int connections) {
        return "users → one domain of a slow component, " + connections + " connection"
            + (connections > 1 ? "s" : "");
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------

    /**
     * {@link #FLEET_USERS} users send chat messages to one domain, held by {@code connections} connections (with
     * {@code allowMultiple}, on a listener with default options) of a component that spends {@link #SLOW_NANOS} on
     * each, at most {@link #USER_WINDOW} unread at a time.
     */
    private void fleetOfSlowComponent(Target target, int connections, int total, Figures into) throws Exception {
        Latencies latencies = new Latencies(total);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        Semaphore window = new Semaphore(USER_WINDOW);
        LoadComponent.Handler arrived = timedArrival(latencies, window, received, total, done);
        String domain = "fleet" + domains.incrementAndGet() + "." + InMemoryOpenfire.DOMAIN;
        List<LoadComponent> members = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            LoadComponent member = LoadComponent.connectToFleet(target.port(), domain, ListenerTarget.SECRET,
                64 * 1024);
            members.add(member);
            member.startReading("bench-fleet-" + c, (bytes, start, end) -> {
                LockSupport.parkNanos(SLOW_NANOS);
                arrived.element(bytes, start, end);
            });
        }
        ServerWork work = new ServerWork(target);
        long start = System.nanoTime();
        List<Thread> users = new ArrayList<>();
        for (int t = 0; t < USER_THREADS; t++) {
            int thread = t;
            int share = total / USER_THREADS + (t < total % USER_THREADS ? 1 : 0);
            users.add(start(USER_THREAD + "-" + t, () -> {
                List<Target.UserSender> senders = new ArrayList<>();
                for (int u = thread; u < FLEET_USERS; u += USER_THREADS) {
                    senders.add(target.userSender("user" + u));
                }
                for (int i = 0; i < share; i++) {
                    window.acquire();
                    senders.get(i % senders.size()).message(domain, System.nanoTime());
                }
                return null;
            }));
        }
        await(done, target, fleetScenario(connections));
        long elapsed = System.nanoTime() - start;
        work.end();
        join(users);
        closeAll(members);
        if (into != null) {
            into.add(total, elapsed, latencies, work);
        }
    }

    /** Components send chat messages to users, round robin, as fast as their sockets take them. */
    private void componentsToUsers(Target target, int componentCount, int total, Figures into) throws Exception {
        Latencies latencies = new Latencies(total);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        target.deliverToUsers(id -> {
            latencies.add(System.nanoTime() - id);
            if (received.incrementAndGet() == total) {
                done.countDown();
            }
        });
        List<LoadComponent> components = connect(target, componentCount, 64 * 1024);
        List<Thread> senders = new ArrayList<>();
        ServerWork work = new ServerWork(target);
        long start = System.nanoTime();
        for (int c = 0; c < componentCount; c++) {
            LoadComponent component = components.get(c);
            String domain = component.domain();
            int share = total / componentCount + (c < total % componentCount ? 1 : 0);
            senders.add(start("bench-sender-" + c, () -> {
                byte[] head = LoadComponent.ascii("<message from='bot@" + domain + "/gw' type='chat' to='user");
                byte[][] users = new byte[USERS][];
                for (int u = 0; u < USERS; u++) {
                    users[u] = LoadComponent.ascii(u + "@" + InMemoryOpenfire.DOMAIN + "/bench' id='" + Target.ID_PREFIX);
                }
                byte[] tail = LoadComponent.ascii("'><body>" + BODY + "</body></message>");
                for (int i = 0; i < share; i++) {
                    component.write(head);
                    component.write(users[i % USERS]);
                    component.write(LoadComponent.ascii(Long.toString(System.nanoTime())));
                    component.write(tail);
                }
                component.flush();
                return null;
            }));
        }
        await(done, target, "components → users");
        long elapsed = System.nanoTime() - start;
        work.end();
        target.deliverToUsers(NOBODY);
        join(senders);
        closeAll(components);
        if (into != null) {
            into.add(total, elapsed, latencies, work);
        }
    }

    /** Users send chat messages to components, round robin, at most {@link #USER_WINDOW} unread at a time. */
    private void usersToComponents(Target target, int componentCount, int total, Figures into) throws Exception {
        Latencies latencies = new Latencies(total);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        Semaphore window = new Semaphore(USER_WINDOW);
        LoadComponent.Handler arrived = timedArrival(latencies, window, received, total, done);
        List<LoadComponent> components = connect(target, componentCount, 64 * 1024);
        for (LoadComponent component : components) {
            component.startReading("bench-component-" + component.domain(), arrived);
        }
        ServerWork work = new ServerWork(target);
        long start = System.nanoTime();
        List<Thread> users = new ArrayList<>();
        for (int t = 0; t < USER_THREADS; t++) {
            int thread = t;
            int share = total / USER_THREADS + (t < total % USER_THREADS ? 1 : 0);
            users.add(start(USER_THREAD + "-" + t, () -> {
                Target.UserSender sender = target.userSender("user" + thread);
                for (int i = 0; i < share; i++) {
                    window.acquire();
                    sender.message(components.get(i % componentCount).domain(), System.nanoTime());
                }
                return null;
            }));
        }
        await(done, target, "users → components");
        long elapsed = System.nanoTime() - start;
        work.end();
        join(users);
        closeAll(components);
        if (into != null) {
            into.add(total, elapsed, latencies, work);
        }
    }

    /** Notes a user's message arriving at a component: its latency, a free place in the window, the count. */
    private static LoadComponent.Handler timedArrival(Latencies latencies, Semaphore window, AtomicInteger received,
                                                      int total, CountDownLatch done) {
        return (bytes, start, end) -> {
            String id = ElementSplitter.attribute(bytes, start, end, "id");
            latencies.add(System.nanoTime() - Long.parseLong(id.substring(Target.ID_PREFIX.length())));
            window.release();
            if (received.incrementAndGet() == total) {
                done.countDown();
            }
        };
    }

    /** A user keeps {@link #IN_FLIGHT} IQs on their way to a component, which answers each at once. */
    private void iqRoundTrips(Target target, Figures into) throws Exception {
        LoadComponent component = connect(target, 1, 64 * 1024).get(0);
        component.startReading("bench-component-" + component.domain(), (bytes, start, end) -> {
            String id = ElementSplitter.attribute(bytes, start, end, "id");
            String from = ElementSplitter.attribute(bytes, start, end, "from");
            String to = ElementSplitter.attribute(bytes, start, end, "to");
            component.write(LoadComponent.ascii("<iq type='result' id='" + id + "' from='" + to + "' to='" + from
                + "'/>"));
        });
        Latencies latencies = new Latencies(seconds * 500_000);
        BlockingQueue<Long> answered = new LinkedBlockingQueue<>();
        target.deliverToUsers(id -> {
            latencies.add(System.nanoTime() - id);
            answered.add(id);
        });
        ServerWork work = new ServerWork(target);
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger completed = new AtomicInteger();
        Thread user = start(USER_THREAD + "-iq", () -> {
            Target.UserSender sender = target.userSender("user0");
            for (int i = 0; i < IN_FLIGHT; i++) {
                sender.iqGet(component.domain(), System.nanoTime());
            }
            int outstanding = IN_FLIGHT;
            while (outstanding > 0) {
                if (answered.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException(target.name() + ": IQ answers stopped");
                }
                completed.incrementAndGet();
                outstanding--;
                if (System.nanoTime() < stopAt) {
                    sender.iqGet(component.domain(), System.nanoTime());
                    outstanding++;
                }
            }
            return null;
        });
        join(List.of(user));
        long elapsed = System.nanoTime() - start;
        work.end();
        target.deliverToUsers(NOBODY);
        component.closeStream();
        into.add(completed.get(), elapsed, latencies, work);
    }

    /** One component connects, authenticates and closes its stream, again and again, for one domain. */
    private void connectCycles(Target target, Figures into) throws Exception {
        String domain = "cycle" + domains.incrementAndGet() + "." + InMemoryOpenfire.DOMAIN;
        Latencies handshakes = new Latencies(seconds * 20_000);
        ServerWork work = new ServerWork(target);
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.SECONDS.toNanos(seconds);
        int cycles = 0;
        while (System.nanoTime() < stopAt) {
            long began = System.nanoTime();
            try {
                LoadComponent component = LoadComponent.connect(target.port(), domain, ListenerTarget.SECRET, 1024);
                handshakes.add(System.nanoTime() - began);
                component.closeStream();
                cycles++;
            } catch (IOException e) {
                into.failed(e.getMessage());
            }
        }
        long elapsed = System.nanoTime() - start;
        work.end();
        into.add(cycles, elapsed, handshakes, work);
    }

    /**
     * Heap held per connected component that sends nothing (client sockets included, in both targets): once
     * connected, and again after each has sent a burst of {@link #BURST} messages and gone quiet, which shows what a
     * connection keeps from its busiest moment.
     */
    private void idleComponents(Target target, Figures connected, Figures afterBurst) throws Exception {
        long before = usedHeapAfterGc();
        List<LoadComponent> components = connect(target, idle, 256);
        connected.heapPerIdle((usedHeapAfterGc() - before) / idle);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        target.deliverToUsers(id -> {
            if (received.incrementAndGet() == idle * BURST) {
                done.countDown();
            }
        });
        for (LoadComponent component : components) {
            byte[] message = LoadComponent.ascii("<message from='bot@" + component.domain() + "' to='user0@"
                + InMemoryOpenfire.DOMAIN + "/bench' type='chat' id='" + Target.ID_PREFIX + "0'><body>" + BODY
                + "</body></message>");
            for (int i = 0; i < BURST; i++) {
                component.write(message);
            }
            component.flush();
        }
        await(done, target, "the burst of idle components");
        target.deliverToUsers(NOBODY);
        afterBurst.heapPerIdle((usedHeapAfterGc() - before) / idle);
        closeAll(components);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private List<LoadComponent> connect(Target target, int count, int bufferSize) throws IOException {
        List<LoadComponent> connected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String domain = "bench" + domains.incrementAndGet() + "." + InMemoryOpenfire.DOMAIN;
            connected.add(LoadComponent.connect(target.port(), domain, ListenerTarget.SECRET, bufferSize));
        }
        return connected;
    }

    private static void closeAll(List<LoadComponent> components) throws IOException, InterruptedException {
        for (LoadComponent component : components) {
            component.closeStream();
        }
    }

    private interface Work {
        Void call() throws Exception;
    }

    private static Thread start(String name, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        thread.start();
        return thread;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
    }

    private static void await(CountDownLatch done, Target target, String scenario) throws InterruptedException {
        if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(target.name() + ": " + scenario + " did not finish");
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Figures figures(Target target, String scenario) {
        return figures.computeIfAbsent(scenario + "|" + target.name(), key -> new Figures());
    }

    // ---- the report ---------------------------------------------------------------------------------------------

    /** How the fleet scenario's throughput grows with connections, against one connection. */
    private String fleetReport() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n## Fleet: one domain, a slow component"
            + " (%d µs per stanza), %d users, %d messages per run%n%n| connections | per second (min / median / max)"
            + " | against 1 connection | latency p50 / p99 / p999 (ms) | server CPU per op (µs) |%n|---|---|---|---|---|%n",
            TimeUnit.NANOSECONDS.toMicros(SLOW_NANOS), FLEET_USERS, fleetMessages));
        Figures one = figures.get(fleetScenario(1) + "|listener");
        for (int size : FLEET_SIZES) {
            Figures own = figures.get(fleetScenario(size) + "|listener");
            text.append(String.format(Locale.ROOT, "| %d | %s | %.2f× | %s | %.1f |%n", size, own.rates(),
                own.median() / one.median(), own.latencies(), own.cpuMicrosPerOp()));
        }
        return text.toString();
    }

    private String report(long heapGrowth) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# End-to-end benchmark%n%n%d rounds, %d messages per flood, %d s per"
                + " timed scenario, %d processors, Java %s.%n%n", rounds, messages, seconds,
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        text.append("| scenario | target | per second (min / median / max) | listener / floor | latency p50 / p99 /"
            + " p999 (ms) | server CPU per op (µs) | allocated per op (B) |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Figures> entry : figures.entrySet()) {
            String[] key = entry.getKey().split("\\|");
            Figures own = entry.getValue();
            if (own.heapPerIdle != null) {
                continue;
            }
            Figures floor = figures.get(key[0] + "|floor");
            String ratio = key[1].equals("listener") && floor != null
                ? String.format(Locale.ROOT, "%.2f×", own.median() / floor.median()) : "";
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %.0f |%n", key[0], key[1],
                own.rates(), ratio, own.latencies(), own.cpuMicrosPerOp(), own.bytesPerOp()));
            if (!own.failures.isEmpty()) {
                text.append(String.format("| | | %d failures, first: %s | | | | |%n", own.failures.size(),
                    own.failures.get(0)));
            }
        }
        text.append("\n| idle components | heap per component (KiB, client side included) |\n|---|---|\n");
        figures.forEach((key, own) -> {
            if (own.heapPerIdle != null) {
                text.append(String.format(Locale.ROOT, "| %s | %.1f |%n", key.replace('|', ' '),
                    own.heapPerIdle / 1024.0));
            }
        });
        text.append(String.format(Locale.ROOT, "%nHeap in use after GC, last round against first: %+.1f MiB.%n",
            heapGrowth / 1048576.0));
        text.append(fleetReport());
        return text.toString();
    }

    /** Latencies of one scenario run, kept in microseconds (a flood of 200,000 takes 800 KB). */
    private static final class Latencies {
        private final int[] micros;
        private final AtomicInteger count = new AtomicInteger();

        Latencies(int capacity) {
            micros = new int[capacity];
        }

        void add(long nanos) {
            int at = count.getAndIncrement();
            if (at < micros.length) {
                micros[at] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
            }
        }

        /** The quantiles asked for, in milliseconds. */
        double[] percentiles(double... quantiles) {
            int[] sorted = Arrays.copyOf(micros, Math.min(count.get(), micros.length));
            Arrays.sort(sorted);
            double[] values = new double[quantiles.length];
            for (int i = 0; i < quantiles.length && sorted.length > 0; i++) {
                values[i] = sorted[(int) Math.min(sorted.length - 1, Math.floor(quantiles[i] * sorted.length))] / 1e3;
            }
            return values;
        }
    }

    /** CPU time and allocation of the server's threads between two moments. */
    private static final class ServerWork {
        private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final Target target;
        private final long cpuAtStart;
        private final long allocatedAtStart;
        private long cpu;
        private long allocated;

        ServerWork(Target target) {
            this.target = target;
            cpuAtStart = total(THREADS::getThreadCpuTime);
            allocatedAtStart = total(THREADS::getThreadAllocatedBytes);
        }

        void end() {
            cpu = total(THREADS::getThreadCpuTime) - cpuAtStart;
            allocated = total(THREADS::getThreadAllocatedBytes) - allocatedAtStart;
        }

        /** Over the server's threads alive now; threads that ended in between are not counted (none do). */
        private long total(java.util.function.LongUnaryOperator perThread) {
            long sum = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (target.isServerThread(thread.getName())) {
                    sum += Math.max(0, perThread.applyAsLong(thread.getId()));
                }
            }
            return sum;
        }
    }

    /** Every round's figures of one scenario on one target. */
    private static final class Figures {
        private final List<Double> rates = new ArrayList<>();
        private final List<Double> cpuPerOp = new ArrayList<>();
        private final List<Double> allocatedPerOp = new ArrayList<>();
        private final List<double[]> percentiles = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private Long heapPerIdle;

        void add(int operations, long elapsedNanos, Latencies measured, ServerWork work) {
            rates.add(operations * 1e9 / elapsedNanos);
            cpuPerOp.add(work.cpu / 1000.0 / operations);
            allocatedPerOp.add((double) work.allocated / operations);
            percentiles.add(measured.percentiles(0.5, 0.99, 0.999));
        }

        void failed(String message) {
            failures.add(message);
        }

        void heapPerIdle(long bytes) {
            heapPerIdle = bytes;
        }

        double median() {
            return median(rates);
        }

        String rates() {
            List<Double> sorted = new ArrayList<>(rates);
            sorted.sort(null);
            return String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f", sorted.get(0), median(rates),
                sorted.get(sorted.size() - 1));
        }

        /** Each percentile's median over the rounds. */
        String latencies() {
            double[] medians = new double[3];
            for (int i = 0; i < medians.length; i++) {
                List<Double> round = new ArrayList<>();
                for (double[] measured : percentiles) {
                    round.add(measured[i]);
                }
                medians[i] = median(round);
            }
            return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", medians[0], medians[1], medians[2]);
        }

        double cpuMicrosPerOp() {
            return median(cpuPerOp);
        }

        double bytesPerOp() {
            return median(allocatedPerOp);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }
}
