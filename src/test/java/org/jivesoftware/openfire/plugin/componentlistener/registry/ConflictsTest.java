package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.Message;

/** SPEC section 5 over loopback TCP: who gets a domain that is taken. */
class ConflictsTest {
    private static final String DOMAIN = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    private void start(String behaviour) throws InterruptedException {
        fixture = listeners.start(Map.of("conflict_behaviour", behaviour));
    }

    /** Authenticates and returns the first answer: {@code handshake} or the stream error. */
    private static Element handshakeAnswer(RawComponent component, String domain) throws Exception {
        component.send(header(domain));
        String id = component.awaitStreamId();
        component.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
        return component.nextElement();
    }

    private Message toDomain(String body) {
        return InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, body);
    }

    @Test
    void disconnectRefusesTheNewcomerAndKeepsTheHolder() throws Exception {
        start("disconnect");
        try (RawComponent holder = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
             RawComponent newcomer = new RawComponent(fixture.port())) {
            Element answer = handshakeAnswer(newcomer, DOMAIN);
            assertEquals("conflict", condition(answer));
            newcomer.awaitClosed();
            openfire.send(toDomain("still the holder's"));
            assertEquals("still the holder's", holder.awaitElement("message").elementText("body"));
        }
    }

    @Test
    void kickOldReplacesTheHolderWithoutDroppingTheRoute() throws Exception {
        start("kick_old");
        try (RawComponent old = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
             RawComponent newcomer = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            Element kicked = old.awaitStreamErrorAndClose();
            assertEquals("conflict", condition(kicked));
            assertEquals(ComponentRegistry.REPLACED, kicked.elementText("text"));
            openfire.send(toDomain("to the new one"));
            assertEquals("to the new one", newcomer.awaitElement("message").elementText("body"));
            assertEquals(List.of("register comp"), openfire.calls(), "the route was handed over, never removed");
        }
    }

    @Test
    void kickOldClosesTheOldConnectionBeforeAnsweringTheNewcomer() throws Exception {
        start("kick_old");
        try (RawComponent old = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
             RawComponent newcomer = new RawComponent(fixture.port())) {
            assertEquals("handshake", handshakeAnswer(newcomer, DOMAIN).getName());
            // By the time the newcomer has its answer the old connection is closed: reading it ends at once.
            assertEquals("conflict", condition(old.awaitStreamErrorAndClose()));
        }
    }

    @Test
    void kickOldNeverTakesAServerOwnedDomain() throws Exception {
        start("kick_old");
        openfire.serverOwned("conference.example.org");
        try (RawComponent newcomer = new RawComponent(fixture.port())) {
            assertEquals("conflict", condition(handshakeAnswer(newcomer, "conference.example.org")));
        }
        try (RawComponent newcomer = new RawComponent(fixture.port())) {
            assertEquals("conflict", condition(handshakeAnswer(newcomer, "example.org")));
        }
    }

    @Test
    void kickOldClosesASessionOnOpenfiresOwnComponentPort() throws Exception {
        start("kick_old");
        openfire.nativeSession(DOMAIN);
        try (RawComponent newcomer = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            assertTrue(openfire.calls().contains("kick native " + DOMAIN + ": " + ComponentRegistry.REPLACED),
                openfire.calls().toString());
            assertTrue(openfire.hasRoute(DOMAIN));
        }
    }

    @Test
    void disconnectLeavesOpenfiresOwnSessionAlone() throws Exception {
        start("disconnect");
        openfire.nativeSession(DOMAIN);
        try (RawComponent newcomer = new RawComponent(fixture.port())) {
            assertEquals("conflict", condition(handshakeAnswer(newcomer, DOMAIN)));
        }
        assertTrue(openfire.calls().stream().noneMatch(call -> call.startsWith("kick native")));
    }

    @Test
    void duplicateSubdomainLabelsObeyTheConflictRules() throws Exception {
        start("disconnect");
        String subdomainHeader = "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber"
            + ".org/streams' to='pubsub' is_subdomain='true'>";
        try (RawComponent first = new RawComponent(fixture.port());
             RawComponent second = new RawComponent(fixture.port())) {
            first.send(subdomainHeader);
            first.send("<handshake>" + handshakeDigest(first.awaitStreamId(), SECRET) + "</handshake>");
            assertEquals("handshake", first.nextElement().getName());
            second.send(subdomainHeader);
            second.send("<handshake>" + handshakeDigest(second.awaitStreamId(), SECRET) + "</handshake>");
            assertEquals("conflict", condition(second.nextElement()));
            // The full domain of a subdomain component is taken too.
            try (RawComponent third = new RawComponent(fixture.port())) {
                assertEquals("conflict", condition(handshakeAnswer(third, "pubsub.example.org")));
            }
        }
    }

    /** Many newcomers at once for one domain, again and again: never two registered, never none. */
    @Test
    void racingNewcomersLeaveExactlyOneRegistered() throws Exception {
        for (String behaviour : new String[] {"disconnect", "kick_old"}) {
            start(behaviour);
            for (int round = 0; round < 6; round++) {
                String label = behaviour.replace("_", "") + round;
                String domain = label + ".example.org";
                List<RawComponent> newcomers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    RawComponent component = new RawComponent(fixture.port());
                    component.send(header(domain));
                    newcomers.add(component);
                }
                ExecutorService pool = Executors.newFixedThreadPool(newcomers.size());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Element>> answers = new ArrayList<>();
                for (RawComponent component : newcomers) {
                    String id = component.awaitStreamId();
                    answers.add(pool.submit(() -> {
                        go.await();
                        component.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
                        return component.nextElement();
                    }));
                }
                go.countDown();
                List<Element> answered = new ArrayList<>();
                for (Future<Element> answer : answers) {
                    answered.add(answer.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                }
                // Every newcomer has its answer: under kick_old, a winner replaced by a later one was closed before
                // that one was answered, so that a winner still open now holds the domain.
                int winners = 0;
                for (int i = 0; i < newcomers.size(); i++) {
                    Element answer = answered.get(i);
                    if ("handshake".equals(answer.getName())) {
                        if (newcomers.get(i).staysOpenFor(300)) {
                            winners++;
                        }
                    } else {
                        assertEquals("conflict", condition(answer), behaviour);
                    }
                }
                pool.shutdownNow();
                assertEquals(1, winners, behaviour + ": exactly one holds " + domain);
                assertTrue(openfire.hasRoute(domain));
                assertEquals(1, openfire.calls().stream().filter(("register " + label)::equals).count(),
                    behaviour + ": registered with Openfire once: " + openfire.calls());
                for (RawComponent component : newcomers) {
                    component.close();
                }
            }
            fixture.close();
        }
    }

    @Test
    void aComponentThatDropsItsConnectionCanReconnectAtOnceEveryTime() throws Exception {
        start("disconnect");
        for (int i = 0; i < 30; i++) {
            RawComponent component = RawComponent.connect(fixture.port(), DOMAIN, SECRET);
            if (i % 2 == 0) {
                component.close();
            } else {
                component.send("</stream:stream>");
                component.awaitClosed();
                component.close();
            }
        }
        try (RawComponent last = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            openfire.send(toDomain("after 30 reconnects"));
            assertEquals("after 30 reconnects", last.awaitElement("message").elementText("body"));
        }
    }
}
