package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.ClusterFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.StanzaLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conflicts between nodes: a domain held on one node is taken on every node, and kick_old reaches across. */
class ClusterConflictsTest {
    private static final String DOMAIN = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void start(String behaviour) throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.CONFLICT_BEHAVIOUR, behaviour));
    }

    private static Element handshakeAnswer(RawComponent component, String domain) throws Exception {
        component.send(header(domain));
        String id = component.awaitStreamId();
        component.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
        return component.nextElement();
    }

    @Test
    void disconnectRefusesANewcomerOnAnotherNodeAndKeepsTheHolder() throws Exception {
        start("disconnect");
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent holder = a.connect(DOMAIN); RawComponent newcomer = b.open()) {
            Element refused = handshakeAnswer(newcomer, DOMAIN);
            assertEquals("conflict", condition(refused));
            newcomer.awaitClosed();
            // A user on the other node still reaches the holder.
            b.openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, "still yours"));
            assertEquals("still yours", holder.awaitElement("message").elementText("body"));
            assertEquals(Set.of(a.member().localNode()), a.openfire.routeOwners(DOMAIN));
            assertEquals(1, b.counters().get(ListenerCounters.Counter.CONFLICTS));
        }
    }

    @Test
    void kickOldClosesTheHolderOnTheOtherNodeAndNothingIsLostOrDoubled() throws Exception {
        start("kick_old");
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        StanzaLedger ledger = new StanzaLedger(b.openfire);
        try (RawComponent old = a.connect(DOMAIN)) {
            old.answerDiscoProbe();
            CountDownLatch flowing = new CountDownLatch(1);
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2000; i++) {
                    ledger.send(ALICE + "/phone", DOMAIN);
                    if (i == 200) {
                        flowing.countDown();
                    }
                }
            });
            CompletableFuture<List<Element>> oldStream = CompletableFuture.supplyAsync(() -> {
                try {
                    return old.elementsUntilClosed();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(flowing.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            try (RawComponent newcomer = b.connect(DOMAIN)) {
                flood.get(30, TimeUnit.SECONDS);
                List<Element> toOld = oldStream.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                Element kicked = toOld.stream().filter(e -> "error".equals(e.getName())).findFirst().orElseThrow();
                assertEquals("conflict", condition(kicked));
                assertEquals(ComponentRegistry.REPLACED, kicked.elementText("text"));
                toOld.forEach(ledger::read);
                newcomer.answerDiscoProbe(ledger::read);
                // A last stanza, after the flood, goes to the newcomer: once it is read, all is accounted for.
                String lastId = ledger.send(ALICE + "/phone", DOMAIN);
                while (true) {
                    Element element = newcomer.nextElement();
                    ledger.read(element);
                    if (lastId.equals(element.attributeValue("id"))) {
                        break;
                    }
                }
                ledger.tally().assertEachOnceInOnePlace();
                assertEquals(Set.of(b.member().localNode()), b.openfire.routeOwners(DOMAIN));
                assertEquals(1, b.counters().get(ListenerCounters.Counter.KICKS));
            }
        }
    }

    @Test
    void twoNewcomersOnTwoNodesAtOnceLeaveExactlyOneHolder() throws Exception {
        for (String behaviour : new String[] {"disconnect", "kick_old"}) {
            start(behaviour);
            ClusterFixture.Node a = cluster.join();
            ClusterFixture.Node b = cluster.join();
            for (int round = 0; round < 8; round++) {
                String domain = behaviour.replace("_", "") + round + ".example.org";
                List<RawComponent> newcomers = List.of(a.open(), b.open());
                List<String> ids = new ArrayList<>();
                for (RawComponent newcomer : newcomers) {
                    newcomer.send(header(domain));
                    ids.add(newcomer.awaitStreamId());
                }
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Element>> firstAnswers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    RawComponent newcomer = newcomers.get(i);
                    String id = ids.get(i);
                    firstAnswers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                            newcomer.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
                            return newcomer.nextElement();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                go.countDown();
                List<List<Element>> streams = new ArrayList<>();
                for (CompletableFuture<Element> firstAnswer : firstAnswers) {
                    Element answer = firstAnswer.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    streams.add(new ArrayList<>(List.of(answer)));
                }
                // Both have their answer: under kick_old, the one replaced by the other was closed before the other
                // was answered, so that what follows its answer is there to read now.
                for (int i = 0; i < 2; i++) {
                    if (!newcomers.get(i).staysOpenFor(500)) {
                        streams.get(i).addAll(newcomers.get(i).elementsReceived());
                    }
                }
                int holders = 0;
                for (int i = 0; i < 2; i++) {
                    List<Element> answers = streams.get(i);
                    Element streamError = answers.stream().filter(e -> "error".equals(e.getName())).findFirst()
                        .orElse(null);
                    if (streamError == null) {
                        holders++;
                        continue;
                    }
                    assertEquals("conflict", condition(streamError), behaviour);
                    if (behaviour.equals("disconnect")) {
                        assertNull(streamError.elementText("text"), "refused, never registered");
                    } else {
                        // Under kick_old the first to register is replaced by the second.
                        assertEquals(ComponentRegistry.REPLACED, streamError.elementText("text"));
                    }
                }
                assertEquals(1, holders, behaviour + ": exactly one holds " + domain);
                assertEquals(1, a.openfire.routeOwners(domain).size(),
                    behaviour + ": one node routes " + domain + ": " + a.openfire);
                for (RawComponent newcomer : newcomers) {
                    newcomer.close();
                }
            }
            cluster.close();
        }
        start("disconnect");
    }

    @Test
    void aNodeWhosePluginDoesNotKnowTheCommandKeepsItsComponent() throws Exception {
        start("kick_old");
        ClusterFixture.Node older = cluster.join();
        ClusterFixture.Node b = cluster.join();
        // As an older version of the plugin answers: no command is known.
        older.member().serve((command, arguments) -> null);
        try (RawComponent holder = older.connect(DOMAIN); RawComponent newcomer = b.open()) {
            assertEquals("conflict", condition(handshakeAnswer(newcomer, DOMAIN)));
            assertTrue(holder.staysOpenFor(200));
            assertEquals(Set.of(older.member().localNode()), b.openfire.routeOwners(DOMAIN));
        }
    }
}
