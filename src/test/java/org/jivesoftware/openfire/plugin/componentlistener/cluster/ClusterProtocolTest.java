package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.listener.SessionSnapshot;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ReleaseOutcome;
import org.jivesoftware.openfire.plugin.componentlistener.support.ClusterFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;

/**
 * The commands between nodes exactly as version 1.1.0 sends and answers them, as literal values: a node of that
 * version and a newer one understand each other.
 */
class ClusterProtocolTest {
    private static final String DOMAIN = "comp.example.org";
    private static final String NOBODY = "nobody.example.org";
    /** A session as a 1.1.0 node sends it. */
    private static final Map<String, String> SESSION_110 = Map.ofEntries(Map.entry("listener", "gw"),
        Map.entry("domain", DOMAIN), Map.entry("subdomain", "comp"), Map.entry("remote", "127.0.0.1:40000"),
        Map.entry("since", "1700000000000"), Map.entry("authenticated", "true"), Map.entry("hidden", "false"),
        Map.entry("stanzasIn", "1"), Map.entry("stanzasOut", "2"), Map.entry("bytesIn", "300"),
        Map.entry("bytesOut", "400"), Map.entry("queue", "5"));

    @Test
    void commandsKeepTheirNames() {
        Map<ClusterProtocol.Command, String> names = new LinkedHashMap<>();
        for (ClusterProtocol.Command command : ClusterProtocol.Command.values()) {
            names.put(command, command.wireName());
            assertEquals(Optional.of(command), ClusterProtocol.Command.named(command.wireName()));
        }
        assertEquals(List.of("release", "sessions", "close", "listeners", "listener-states", "counters", "revoke",
            "revalidate", "fleet"),
            new ArrayList<>(names.values()));
        assertEquals(Optional.empty(), ClusterProtocol.Command.named("a-later-command"));
    }

    @Test
    void releaseIsAskedAndAnsweredWithTheStringsOf110() {
        assertEquals(List.of(DOMAIN, "true"), ClusterProtocol.releaseArguments(DOMAIN, true));
        assertEquals(List.of(DOMAIN, "false"), ClusterProtocol.releaseArguments(DOMAIN, false));
        assertEquals(DOMAIN, ClusterProtocol.releaseDomain(List.of(DOMAIN, "true")));
        assertTrue(ClusterProtocol.releaseKicks(List.of(DOMAIN, "true")));
        assertFalse(ClusterProtocol.releaseKicks(List.of(DOMAIN, "false")));
        Map<ReleaseOutcome, String> answers = Map.of(ReleaseOutcome.KICKED, "kicked", ReleaseOutcome.RELEASED,
            "released", ReleaseOutcome.HELD, "held", ReleaseOutcome.NONE_HELD, "none");
        assertEquals(ReleaseOutcome.values().length, answers.size());
        answers.forEach((outcome, answer) -> {
            assertEquals(answer, ClusterProtocol.encode(outcome));
            assertEquals(outcome, ClusterProtocol.decodeRelease(Optional.of(answer)));
        });
        assertEquals(ReleaseOutcome.NONE_HELD, ClusterProtocol.decodeRelease(Optional.empty()), "no plugin there");
        assertEquals(ReleaseOutcome.NONE_HELD, ClusterProtocol.decodeRelease(Optional.of("a-later-answer")));
    }

    @Test
    void closeAndTheSettingsChecksAreAnsweredWithTheStringsOf110() {
        List<String> allOfTheDomain = ClusterProtocol.closeArguments(DOMAIN, null, "Closed by the admin");
        assertEquals(List.of(DOMAIN, "Closed by the admin"), allOfTheDomain, "as 1.1.0 sends it");
        assertNull(ClusterProtocol.closeRemoteAddress(allOfTheDomain), "from 1.1.0: every connection of the domain");
        List<String> one = ClusterProtocol.closeArguments(DOMAIN, "/127.0.0.1:5000", "Closed by the admin");
        assertEquals(List.of(DOMAIN, "Closed by the admin"), one.subList(0, 2), "what 1.1.0 reads is unchanged");
        assertEquals("/127.0.0.1:5000", ClusterProtocol.closeRemoteAddress(one));
        assertEquals("closed", ClusterProtocol.encodeClosed(true));
        assertEquals("none", ClusterProtocol.encodeClosed(false));
        assertTrue(ClusterProtocol.decodeClosed(Optional.of("closed")));
        assertFalse(ClusterProtocol.decodeClosed(Optional.of("none")));
        assertFalse(ClusterProtocol.decodeClosed(Optional.empty()));
        assertEquals("done", ClusterProtocol.DONE);
        assertEquals(List.of(DOMAIN, "true", "false"), ClusterProtocol.fleetArguments(DOMAIN, true, false));
        assertTrue(ClusterProtocol.decodeJoins(Optional.of("joins")));
        assertFalse(ClusterProtocol.decodeJoins(Optional.of("none")));
        assertFalse(ClusterProtocol.decodeJoins(Optional.empty()), "a 1.1.0 node does not know the command");
    }

    @Test
    void sessionsCrossAsAListOfMapsOfStrings() {
        ArrayList<HashMap<String, String>> sent = new ArrayList<>(List.of(new HashMap<>(SESSION_110)));
        List<SessionSnapshot> sessions = ClusterProtocol.decodeSessions(sent);
        assertEquals(1, sessions.size());
        SessionSnapshot session = sessions.get(0);
        assertEquals(List.of("gw", DOMAIN, "comp", "127.0.0.1:40000"), List.of(session.getListenerId(),
            session.getDomain(), session.getSubdomain(), session.getRemoteAddress()));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), session.getSince());
        assertTrue(session.isAuthenticated());
        assertFalse(session.isHidden());
        assertEquals(List.of(1L, 2L, 300L, 400L, 5L), List.of(session.getStanzasIn(), session.getStanzasOut(),
            session.getBytesIn(), session.getBytesOut(), (long) session.getQueueDepth()));

        assertEquals(1, session.getFleetSize(), "a 1.1.0 node holds a domain with one connection");
        assertEquals("", session.getBalancing());

        Serializable answer = ClusterProtocol.encodeSessions(sessions);
        assertInstanceOf(ArrayList.class, answer);
        Map<?, ?> encoded = assertInstanceOf(HashMap.class, ((List<?>) answer).get(0));
        Map<Object, Object> as110 = new HashMap<>(encoded);
        assertEquals(List.of("1", ""), List.of(as110.remove("fleet"), as110.remove("balancing")),
            "two keys more, which a 1.1.0 node does not read");
        assertEquals(SESSION_110, as110);
    }

    @Test
    void countersCrossAsAMapOfLongs() {
        Serializable answer = ClusterProtocol.encodeCounters(Map.of("connected", 1L, "kicks", 2L));
        assertInstanceOf(HashMap.class, answer);
        assertEquals(Map.of("connected", 1L, "kicks", 2L), answer);
        assertEquals(Map.of("connected", 1L), ClusterProtocol.decodeCounters(new HashMap<>(Map.of("connected", 1L))));
    }

    /** What a node answers to the literal commands that a 1.1.0 node sends it. */
    @Test
    void aNodeAnswersTheCommandsOfA110Node() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(Map.of())) {
            ClusterFixture.Node a = cluster.join();
            ClusterFixture.Node b = cluster.join();
            String holder = a.member().localNode();
            try (RawComponent component = a.connect(DOMAIN)) {
                component.answerDiscoProbe();
                Optional<Serializable> sessions = b.member().run(holder, "sessions", List.of());
                assertInstanceOf(ArrayList.class, sessions.orElseThrow());
                Map<?, ?> session = assertInstanceOf(HashMap.class, ((List<?>) sessions.get()).get(0));
                assertTrue(session.keySet().containsAll(SESSION_110.keySet()), "all that 1.1.0 reads");
                assertEquals(DOMAIN, session.get("domain"));
                Map<?, ?> counters = assertInstanceOf(HashMap.class,
                    b.member().run(holder, "counters", List.of()).orElseThrow());
                assertEquals(1L, counters.get("connected"));
                assertTrue(assertInstanceOf(HashMap.class, b.member().run(holder, "listeners", List.of())
                    .orElseThrow()).containsKey(ClusterFixture.LISTENER));
                assertEquals(Optional.of("none"), b.member().run(holder, "close", List.of(NOBODY, "text")));
                assertEquals(Optional.of("done"), b.member().run(holder, "revalidate", List.of()));
                assertEquals(Optional.of("done"), b.member().run(holder, "revoke", List.of("other")));
                assertEquals(Optional.of("none"), b.member().run(holder, "release", List.of(NOBODY, "true")));
                assertEquals(Optional.of("held"), b.member().run(holder, "release", List.of(DOMAIN, "false")));
                assertEquals(Optional.empty(), b.member().run(holder, "a-later-command", List.of()));

                assertEquals(Optional.of("kicked"), b.member().run(holder, "release", List.of(DOMAIN, "true")));
                assertEquals("conflict", condition(component.awaitStreamErrorAndClose()));
            }
        }
    }
}
