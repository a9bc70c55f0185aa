package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Packet;

/**
 * An authenticated component floods the parser while a bystander shares its event loop thread: the bystander's
 * stanzas must keep flowing, and a failed stream must stop being parsed at once.
 */
class ParserFloodTest {
    private static final String FLOOD = "flood.example.org";
    private static final String CALM = "calm.example.org";
    private static final String SINK = "sink@example.org";
    private static final String BOB = "bob@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    @BeforeEach
    void start() throws InterruptedException {
        fixture = listeners.startOnOneEventLoop(Map.of());
    }

    /** One stanza of the flood: every element and attribute name in it is new to the stream. */
    private static String stanzaOfNewNames(int stanza, int names) {
        StringBuilder xml = new StringBuilder("<message from='" + FLOOD + "' to='" + SINK + "'>");
        for (int i = 0; i < names; i++) {
            String name = "n" + stanza + "x" + i;
            xml.append('<').append(name).append(" a").append(name).append("='1'/>");
        }
        return xml.append("</message>").toString();
    }

    @Test
    void everNewNamesNeitherStallTheEventLoopNorPileUp() throws Exception {
        int stanzas = 4000;
        int namesPerStanza = 50;
        try (RawComponent flood = RawComponent.connect(fixture.port(), FLOOD, SECRET);
             RawComponent calm = RawComponent.connect(fixture.port(), CALM, SECRET)) {
            // Drained as it arrives: what is measured is the listener, not the test's inbox.
            CompletableFuture<Integer> sunk = CompletableFuture.supplyAsync(() -> drain(openfire.inbox(SINK), stanzas));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < stanzas; i++) {
                        flood.send(stanzaOfNewNames(i, namesPerStanza));
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Long> latencies = new ArrayList<>();
            int sent = 0;
            do {
                long start = System.nanoTime();
                calm.send("<message from='" + CALM + "' to='" + BOB + "'><body>" + sent++ + "</body></message>");
                Packet arrived = openfire.next(BOB);
                assertTrue(arrived != null, "the bystander's stanza was routed");
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                // The bystander's pace: a stanza every few milliseconds, as a busy component sends them.
                Thread.sleep(5);
            } while (!sunk.isDone() || sent < 20);
            sender.get(60, TimeUnit.SECONDS);
            assertEquals(stanzas, sunk.get(60, TimeUnit.SECONDS), "every stanza of the flood was routed too");
            Collections.sort(latencies);
            long p99 = latencies.get(latencies.size() * 99 / 100);
            System.out.println("Bystander during a flood of " + stanzas * namesPerStanza * 2 + " distinct names: "
                + latencies.size() + " stanzas, median " + latencies.get(latencies.size() / 2) + " ms, p99 " + p99
                + " ms, max " + latencies.get(latencies.size() - 1) + " ms");
            // Generous for a busy machine; before names were bounded this flood held the thread for minutes.
            assertTrue(p99 < 1000, "p99 latency of the bystander " + p99 + " ms");
        }
    }

    private static int drain(BlockingQueue<Packet> inbox, int expected) {
        int count = 0;
        try {
            while (count < expected && inbox.poll(30, TimeUnit.SECONDS) != null) {
                count++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count;
    }

    @Test
    void whatFollowsAStreamErrorInTheSameReadIsNotParsed() throws Exception {
        try (RawComponent flood = RawComponent.connect(fixture.port(), FLOOD, SECRET)) {
            String tooDeep = "<message from='" + FLOOD + "' to='" + BOB + "'>"
                + "<a>".repeat(StreamDecoder.MAX_DEPTH + 1);
            String after = ("<message from='" + FLOOD + "' to='" + BOB + "'><body>late</body></message>").repeat(1000);
            flood.send(tooDeep + after);
            assertEquals("policy-violation", RawComponent.condition(flood.awaitStreamErrorAndClose()));
            assertEquals(null, openfire.next(BOB, 300), "nothing after the error was routed");
        }
    }
}
