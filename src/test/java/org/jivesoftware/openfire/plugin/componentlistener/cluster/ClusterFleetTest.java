package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.ClusterFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet with members on two nodes: both nodes register the domain, Openfire routes to its own node's members, no
 * node asks the other to give the domain up, and when one node's last member goes the other takes every stanza.
 */
class ClusterFleetTest {
    private static final String DOMAIN = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void membersOnTwoNodesFormOneFleetAndTheOtherNodeTakesOverWhenOneNodesMembersLeave() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.CONFLICT_BEHAVIOUR, "share",
            ListenerOption.RECONNECT_GRACE, "60000"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent atA = a.connect(DOMAIN)) {
            atA.answerDiscoProbe();
            try (RawComponent atB = b.connect(DOMAIN)) {
                atB.answerDiscoProbe();
                assertEquals(Set.of(a.member().localNode(), b.member().localNode()), a.openfire.routeOwners(DOMAIN));
                a.openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, "via a"));
                b.openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, "via b"));
                assertEquals("via a", atA.awaitElement("message").elementText("body"), "each node its own");
                assertEquals("via b", atB.awaitElement("message").elementText("body"), "each node its own");
                assertEquals(0, a.counters().get(ListenerCounters.Counter.KICKS)
                    + b.counters().get(ListenerCounters.Counter.CONFLICTS), "no release or kick between them");

                atB.send("</stream:stream>");
                atB.awaitClosed();
            }
            // No reconnect grace on b: a's member is alive and takes b's users at once.
            Await.until("b's route gone", () -> a.openfire.routeOwners(DOMAIN).equals(Set.of(
                a.member().localNode())));
            b.openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, "via b again"));
            assertEquals("via b again", atA.awaitElement("message").elementText("body"));
            assertTrue(b.openfire.inbox(ALICE).isEmpty(), "nothing bounced");
        }
    }

    @Test
    void componentsAskingAllowMultipleOnTwoNodesShareAndOneThatDoesNotIsRefused() throws Exception {
        cluster = new ClusterFixture(Map.of());
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent atA = RawComponent.connectAllowingMultiple(a.address, cluster.port(), DOMAIN, SECRET);
             RawComponent atB = RawComponent.connectAllowingMultiple(b.address, cluster.port(), DOMAIN, SECRET);
             RawComponent plain = b.open()) {
            assertEquals(Set.of(a.member().localNode(), b.member().localNode()), a.openfire.routeOwners(DOMAIN));
            Element answer = plain.handshakeWith(RawComponent.header(DOMAIN), SECRET);
            assertEquals("conflict", RawComponent.condition(answer));
            assertTrue(atA.staysOpenFor(100) && atB.staysOpenFor(0), "the fleet stays");
        }
    }

    @Test
    void aKickOldNewcomerThatMayNotJoinReplacesTheFleetOnEveryNode() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.CONFLICT_BEHAVIOUR, "kick_old"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent atA = RawComponent.connectAllowingMultiple(a.address, cluster.port(), DOMAIN, SECRET);
             RawComponent atB = RawComponent.connectAllowingMultiple(b.address, cluster.port(), DOMAIN, SECRET)) {
            assertEquals(Set.of(a.member().localNode(), b.member().localNode()), a.openfire.routeOwners(DOMAIN));
            try (RawComponent newcomer = a.connect(DOMAIN)) {
                assertEquals("conflict", RawComponent.condition(atA.awaitStreamErrorAndClose()));
                assertEquals("conflict", RawComponent.condition(atB.awaitStreamErrorAndClose()));
                Await.until("only the newcomer's node routes the domain",
                    () -> a.openfire.routeOwners(DOMAIN).equals(Set.of(a.member().localNode())));
                b.openfire.send(InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, "to the newcomer"));
                assertEquals("to the newcomer", newcomer.awaitElement("message").elementText("body"));
            }
        }
    }
}
