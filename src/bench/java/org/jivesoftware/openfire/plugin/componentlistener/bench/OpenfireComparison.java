package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares, on one running Openfire with the plugin installed, the plugin's component port with Openfire's own:
 * each scenario runs on both ports in turn (plugin, Openfire, plugin, ...) for a number of rounds, so that drift of
 * the machine's load touches both alike. Needs c2s users {@code <users>1..<users>N} with one password, plain c2s
 * logins (no TLS required), and Openfire's default component secret, which both ports accept.
 *
 * <p>Options: see {@link ComparisonOptions}; a summary table per scenario is printed and every run is written as
 * JSON.
 */
public final class OpenfireComparison {
    private static final String PLUGIN = "plugin";
    private static final String OPENFIRE = "openfire";
    private static final long ROUTE_RETRY_MILLIS = 20;

    /** A component port under test and the domain its components take there. */
    private static final class ComponentPort {
        final String name;
        final int port;
        final String domain;

        ComponentPort(String name, int port, String domain) {
            this.name = name;
            this.port = port;
            this.domain = domain;
        }
    }

    /** One scenario: a run on one port, tagged so that late stanzas of an earlier run are not counted. */
    private interface Scenario {
        RunResult run(ComponentPort port, int round, String tag) throws IOException, InterruptedException;
    }

    private final ComparisonOptions options;
    private final String host;
    private final long timeoutMillis;
    private final ServerCpu serverCpu;
    private final List<BenchClient> clients = new ArrayList<>();

    private OpenfireComparison(ComparisonOptions options) throws IOException, InterruptedException {
        this.options = options;
        this.host = options.text("host");
        this.timeoutMillis = TimeUnit.SECONDS.toMillis(options.number("timeout-seconds"));
        this.serverCpu = options.isSet("server-pid") ? new ServerCpu(Long.parseLong(options.text("server-pid"))) : null;
    }

    public static void main(String[] args) throws Exception {
        ComparisonOptions options = ComparisonOptions.parse(args);
        OpenfireComparison comparison = new OpenfireComparison(options);
        ComparisonReport report = new ComparisonReport(PLUGIN, OPENFIRE);
        try {
            comparison.logInClients();
            comparison.runAll(report);
        } finally {
            comparison.logOutClients();
        }
        report.printTables(System.out);
        report.writeJson(Paths.get(options.text("json")), options.all());
        System.out.println();
        System.out.println("Every run: " + options.text("json"));
    }

    private void runAll(ComparisonReport report) throws IOException, InterruptedException {
        String xmppDomain = options.text("xmpp-domain");
        ComponentPort[] ports = {
            new ComponentPort(PLUGIN, options.number("plugin-port"), "bench." + xmppDomain),
            new ComponentPort(OPENFIRE, options.number("openfire-port"), "benchof." + xmppDomain),
        };
        int messages = options.number("messages");
        String[] titles = {
            "1. component -> " + clients.size() + " clients, " + messages + " messages",
            "2. " + clients.size() + " clients -> component, " + messages + " messages",
            "3. IQ round trips client -> component -> client, " + clients.size() + " in flight, "
                + options.number("round-trips") + " in all",
            "4. connect + handshake + close cycles of one domain, " + options.number("cycle-seconds") + " s",
        };
        Scenario[] scenarios = {this::componentToClients, this::clientsToComponent, this::iqRoundTrips,
            this::connectCycles};
        List<String> chosen = List.of(options.text("scenarios").split(","));
        for (int s = 0; s < scenarios.length; s++) {
            if (!chosen.contains(String.valueOf(s + 1))) {
                continue;
            }
            // Warm-up rounds (numbered from 1 - warmup-rounds to 0) let both ports' code paths get compiled first.
            for (int round = 1 - options.number("warmup-rounds"); round <= options.number("rounds"); round++) {
                for (ComponentPort port : ports) {
                    String tag = "s" + (s + 1) + "r" + round + port.name;
                    RunResult run = scenarios[s].run(port, round, tag);
                    System.out.println(titles[s].substring(0, 2) + (round < 1 ? " warm-up" : " round " + round) + " "
                        + port.name + ": " + run.metrics + (run.finished() ? "" : " NOT FINISHED: " + run.failure));
                    if (round >= 1) {
                        report.add(titles[s], run);
                    }
                }
            }
        }
    }

    private void logInClients() throws IOException, InterruptedException {
        for (int i = 1; i <= options.number("clients"); i++) {
            clients.add(BenchClient.login(host, options.number("c2s"), options.text("xmpp-domain"),
                options.text("users") + i, options.text("password")));
        }
        System.out.println(clients.size() + " clients logged in");
    }

    private void logOutClients() throws InterruptedException {
        for (BenchClient client : clients) {
            client.close();
        }
    }

    /** Scenario 1: the component sends messages to the clients' full JIDs, round robin. */
    private RunResult componentToClients(ComponentPort port, int round, String tag)
        throws IOException, InterruptedException {
        int messages = options.number("messages");
        Completion completion = new Completion(messages);
        try (BenchComponent component = connectRoutable(port)) {
            for (BenchClient client : clients) {
                client.connection().onElement(element -> countIfOfRun(completion, element, tag));
            }
            component.onReceived(element -> countIfBounceOfRun(completion, element, tag));
            Timing timing = new Timing();
            for (int i = 0; i < messages; i++) {
                component.connection().write("<message from='" + port.domain + "' to='"
                    + clients.get(i % clients.size()).fullJid() + "' id='" + tag + "-" + i + "'><body>" + tag
                    + "</body></message>");
            }
            component.connection().flush();
            return messageRun(port, round, completion, timing);
        } finally {
            ignoreClientElements();
        }
    }

    /** Scenario 2: every client sends its share of the messages to the component. */
    private RunResult clientsToComponent(ComponentPort port, int round, String tag)
        throws IOException, InterruptedException {
        int messages = options.number("messages");
        Completion completion = new Completion(messages);
        ExecutorService senders = Executors.newFixedThreadPool(clients.size());
        try (BenchComponent component = connectRoutable(port)) {
            for (BenchClient client : clients) {
                client.connection().onElement(element -> countIfBounceOfRun(completion, element, tag));
            }
            component.onReceived(element -> countIfOfRun(completion, element, tag));
            Timing timing = new Timing();
            List<Future<?>> sending = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                XmppConnection connection = clients.get(c).connection();
                int first = c;
                sending.add(senders.submit(() -> {
                    for (int i = first; i < messages; i += clients.size()) {
                        connection.write("<message to='" + port.domain + "' id='" + tag + "-" + i + "'><body>" + tag
                            + "</body></message>");
                    }
                    connection.flush();
                    return null;
                }));
            }
            RunResult run = messageRun(port, round, completion, timing);
            for (Future<?> send : sending) {
                awaitSent(send, run);
            }
            return run;
        } finally {
            senders.shutdownNow();
            ignoreClientElements();
        }
    }

    /** Scenario 3: each client keeps one IQ on its way to the component and back. */
    private RunResult iqRoundTrips(ComponentPort port, int round, String tag)
        throws IOException, InterruptedException {
        int roundTrips = options.number("round-trips");
        Completion completion = new Completion(roundTrips);
        long[] latencies = new long[roundTrips];
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger measured = new AtomicInteger();
        try (BenchComponent component = connectRoutable(port)) {
            Timing timing = new Timing();
            for (BenchClient client : clients) {
                long[] sentAt = new long[1];
                Runnable sendNext = () -> {
                    int number = issued.getAndIncrement();
                    if (number < roundTrips) {
                        sentAt[0] = System.nanoTime();
                        sendQuietly(client.connection(), ping(tag + "-" + number, port.domain));
                    }
                };
                client.connection().onElement(element -> {
                    if (element.startsWith("<iq") && element.contains(tag)) {
                        latencies[measured.getAndIncrement()] = System.nanoTime() - sentAt[0];
                        completion.count(element);
                        sendNext.run();
                    }
                });
                sendNext.run();
            }
            boolean finished = completion.await(timeoutMillis);
            RunResult run = timing.stop(port, round, roundTrips, "round trips");
            Distribution latency = Distribution.ofNanos(latencies, Math.min(measured.get(), roundTrips));
            if (!latency.isEmpty()) {
                run.metric("latency p50 ms", latency.percentile(0.5) / 1e6)
                    .metric("latency p99 ms", latency.percentile(0.99) / 1e6);
            }
            return finishedOrTimedOut(run, finished, completion);
        } finally {
            ignoreClientElements();
        }
    }

    /**
     * Scenario 4: one domain connects, authenticates and ends its stream, again and again for a fixed time. Each
     * cycle waits for the server's end of the stream, since Openfire's own port refuses a domain while its previous
     * connection is still registered.
     */
    private RunResult connectCycles(ComponentPort port, int round, String tag)
        throws IOException, InterruptedException {
        long duration = TimeUnit.SECONDS.toNanos(options.number("cycle-seconds"));
        List<Long> handshakes = new ArrayList<>();
        int failures = 0;
        String firstError = null;
        Timing timing = new Timing();
        while (System.nanoTime() - timing.startNanos < duration) {
            long connectAt = System.nanoTime();
            try {
                BenchComponent component = BenchComponent.connect(host, port.port, port.domain,
                    options.text("secret"));
                long handshake = System.nanoTime() - connectAt;
                if (component.closeStream()) {
                    handshakes.add(handshake);
                    continue;
                }
                failures++;
                firstError = firstError == null ? "the server did not end the stream within "
                    + BenchComponent.ANSWER_MILLIS + " ms" : firstError;
            } catch (IOException e) {
                failures++;
                firstError = firstError == null ? e.getMessage() : firstError;
            }
        }
        RunResult run = timing.stop(port, round, handshakes.size(), "cycles");
        long[] nanos = handshakes.stream().mapToLong(Long::longValue).toArray();
        Distribution handshake = Distribution.ofNanos(nanos, nanos.length);
        run.metric("failures", failures);
        if (!handshake.isEmpty()) {
            run.metric("handshake p50 ms", handshake.percentile(0.5) / 1e6)
                .metric("handshake p99 ms", handshake.percentile(0.99) / 1e6);
        }
        run.firstError = firstError;
        return run;
    }

    /**
     * Connects the port's component and waits until a client's IQ reaches it: Openfire's own port answers the
     * handshake before the component's route exists, so stanzas sent at once would bounce with
     * {@code remote-server-not-found}.
     */
    private BenchComponent connectRoutable(ComponentPort port) throws IOException, InterruptedException {
        BenchComponent component = BenchComponent.connect(host, port.port, port.domain, options.text("secret"));
        XmppConnection probe = clients.get(0).connection();
        // An id that no run's tag is part of, so that a late answer is never counted in a run.
        String id = "routable-" + port.name + "-" + System.nanoTime();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        probe.onElement(element -> {
            if (element.startsWith("<iq") && element.contains(id)) {
                answers.add(element);
            }
        });
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (true) {
                probe.send(ping(id, port.domain));
                String answer = answers.poll(BenchComponent.ANSWER_MILLIS, TimeUnit.MILLISECONDS);
                if (answer != null && !StanzaText.isError(answer)) {
                    return component;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(port.domain + " did not become reachable from clients: " + answer);
                }
                Thread.sleep(ROUTE_RETRY_MILLIS);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            component.close();
            throw e;
        } finally {
            probe.onElement(element -> { });
        }
    }

    private static String ping(String id, String to) {
        return "<iq type='get' id='" + id + "' to='" + to + "'><ping xmlns='urn:xmpp:ping'/></iq>";
    }

    /** Where only bounces come back (to the sender), they are counted; what was delivered is counted elsewhere. */
    private static void countIfBounceOfRun(Completion completion, String element, String tag) {
        if (element.contains(tag) && StanzaText.isError(element)) {
            completion.addBounced(element);
        }
    }

    private static void countIfOfRun(Completion completion, String element, String tag) {
        if (element.startsWith("<message") && element.contains(tag)) {
            completion.count(element);
        }
    }

    private RunResult messageRun(ComponentPort port, int round, Completion completion, Timing timing)
        throws IOException, InterruptedException {
        boolean finished = completion.await(timeoutMillis);
        RunResult run = timing.stop(port, round, completion.deliveredCount(), "messages");
        run.metric("bounced", completion.bouncedCount());
        return finishedOrTimedOut(run, finished, completion);
    }

    private RunResult finishedOrTimedOut(RunResult run, boolean finished, Completion completion) {
        if (!finished) {
            run.failure = "timed out after " + options.number("timeout-seconds") + " s with "
                + completion.deliveredCount() + " of " + completion.expected() + " delivered";
        }
        run.firstError = completion.firstBounce();
        return run;
    }

    /** A client's sending that failed, or still hangs after the run, makes the run unfinished. */
    private void awaitSent(Future<?> send, RunResult run) throws InterruptedException {
        try {
            send.get(run.finished() ? timeoutMillis : 0, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            run.failure = run.failure == null ? "sending failed: " + e.getCause() : run.failure;
        } catch (TimeoutException e) {
            run.failure = run.failure == null ? "sending did not finish" : run.failure;
        }
    }

    private static void sendQuietly(XmppConnection connection, String xml) {
        try {
            connection.send(xml);
        } catch (IOException e) {
            // The connection broke: the round trip never completes and the run times out, saying how far it got.
        }
    }

    /** Between runs, stanzas still on their way to the clients are dropped, not kept. */
    private void ignoreClientElements() {
        for (BenchClient client : clients) {
            client.connection().onElement(element -> { });
        }
    }

    /** Wall-clock time and the server's CPU time of one run. */
    private final class Timing {
        final long startNanos;
        private final long startCpuNanos;

        Timing() throws IOException {
            this.startCpuNanos = serverCpu == null ? 0 : serverCpu.usedNanos();
            this.startNanos = System.nanoTime();
        }

        /** A result with the operations per second, and the server's CPU time per operation when measured. */
        RunResult stop(ComponentPort port, int round, long operations, String unit)
            throws IOException {
            long elapsed = System.nanoTime() - startNanos;
            RunResult run = new RunResult(port.name, round).metric(unit + "/s", operations * 1e9 / elapsed);
            if (serverCpu != null && operations > 0) {
                run.metric("server CPU us per " + singular(unit),
                    (serverCpu.usedNanos() - startCpuNanos) / 1e3 / operations);
            }
            return run;
        }
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
}
