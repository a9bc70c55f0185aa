package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.ClusterFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Reconnect grace, hidden components and node loss across cluster nodes. */
class ClusterNodesTest {
    private static final String DOMAIN = "comp.example.org";
    private static final String HIDDEN = "secret.example.org";
    private static final String THIRD = "third.example.org";
    private static final String ALICE = "alice@example.org";
    private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aComponentBackOnAnotherNodeWithinItsGraceEndsTheHoldThereAndItsHeldStanzasGoBack() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.RECONNECT_GRACE, "60000"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        RawComponent first = a.connect(DOMAIN);
        first.answerDiscoProbe();
        first.close();
        // The domain is kept on the first node, which holds what arrives meanwhile.
        awaitHeld(a);
        for (int i = 1; i <= 3; i++) {
            b.openfire.send(message("held " + i));
        }
        assertTrue(a.openfire.hasRoute(DOMAIN));
        try (RawComponent back = b.connect(DOMAIN)) {
            for (int i = 1; i <= 3; i++) {
                Packet bounce = a.openfire.next(ALICE);
                assertEquals("held " + i, ((Message) bounce).getBody(), "in order");
                assertEquals(PacketError.Condition.resource_constraint, InMemoryOpenfire.condition(bounce));
                assertEquals(PacketError.Type.wait, bounce.getError().getType());
            }
            assertEquals(Set.of(b.member().localNode()), a.openfire.routeOwners(DOMAIN));
            b.openfire.send(message("after"));
            back.answerDiscoProbe();
            assertEquals("after", back.awaitElement("message").elementText("body"), "none of the held ones");
            assertNull(a.openfire.next(ALICE, 200), "each held stanza bounced once");
        }
    }

    private static Message message(String body) {
        return InMemoryOpenfire.message(ALICE + "/phone", DOMAIN, body);
    }

    /** Waits until the node's session has gone and its registry keeps the domain (no session connected). */
    private static void awaitHeld(ClusterFixture.Node node) {
        Await.until("no session connected", () -> node.listeners().connectedComponents() == 0,
            () -> node.listeners().connectedComponents() + " connected");
    }

    private static Set<String> itemsFor(ClusterFixture.Node node, String user) throws Exception {
        return node.openfire.serverItemsFor(user);
    }

    /** What a component connected to the node is told the server's items are. */
    private static Set<String> itemsFor(RawComponent component, String domain) throws Exception {
        component.send("<iq type='get' id='items' from='" + domain + "' to='example.org'><query xmlns='" + DISCO_ITEMS
            + "'/></iq>");
        return InMemoryOpenfire.itemJids(component.awaitElement("iq").element("query"));
    }

    @Test
    void noUserOnAnyNodeSeesAHiddenComponentAcrossJoinsAndLeaves() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.HIDDEN_COMPONENTS, "true"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent hidden = a.connect(HIDDEN); RawComponent other = b.connect(DOMAIN)) {
            hidden.answerDiscoProbe();
            other.answerDiscoProbe();
            assertEquals(Set.of(), itemsFor(a, ALICE));
            assertEquals(Set.of(), itemsFor(b, "bob@example.org"));
            assertEquals(Set.of(HIDDEN, DOMAIN), itemsFor(other, DOMAIN), "components on another node see both");

            // A node that joins sees the flags already set, at once.
            ClusterFixture.Node c = cluster.join();
            assertEquals(Set.of(HIDDEN, DOMAIN), c.openfire.hiddenDomains());
            assertEquals(Set.of(), itemsFor(c, "carol@example.org"));
            try (RawComponent onC = c.connect(THIRD)) {
                onC.answerDiscoProbe();
                assertEquals(Set.of(HIDDEN, DOMAIN, THIRD), itemsFor(onC, THIRD));

                // The node of the hidden component dies: its flag goes with it, and still no user sees it.
                cluster.cluster.crash(a.member());
                assertEquals(Set.of(DOMAIN, THIRD), b.openfire.hiddenDomains());
                assertEquals(Set.of(DOMAIN, THIRD), c.openfire.hiddenDomains());
                assertEquals(Set.of(), itemsFor(b, ALICE));
                assertEquals(Set.of(), itemsFor(c, "carol@example.org"));
                assertEquals(Set.of(DOMAIN, THIRD), itemsFor(other, DOMAIN));
            }
        }
    }

    @Test
    void aNodeThatLeavesKeepsItsOwnFlagsAndTheOthersDropThem() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.HIDDEN_COMPONENTS, "true"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent onA = a.connect(HIDDEN); RawComponent onB = b.connect(DOMAIN)) {
            assertEquals(Set.of(HIDDEN, DOMAIN), a.openfire.hiddenDomains());
            cluster.cluster.leave(a.member());
            assertEquals(Set.of(HIDDEN), a.openfire.hiddenDomains(), "published again in its own maps");
            assertEquals(Set.of(DOMAIN), b.openfire.hiddenDomains());
        }
    }

    @Test
    void externalComponentsSettingsChangedOnOneNodeApplyToSessionsOnEveryNode() throws Exception {
        cluster = new ClusterFixture(Map.of());
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent blocked = b.connect(DOMAIN); RawComponent rekeyed = b.connect("other.example.org")) {
            // Openfire tells only the node where an admin changed the settings, which the cluster shares.
            a.openfire.block("comp");
            a.clusterNode().blocked("comp");
            Element error = blocked.awaitStreamErrorAndClose();
            assertEquals("not-authorized", RawComponent.condition(error));
            assertEquals("comp was blocked in the External Components settings", error.elementText("text"));

            a.openfire.subdomainSecret("other", "a new secret");
            a.clusterNode().changed();
            assertEquals("not-authorized", RawComponent.condition(rekeyed.awaitStreamErrorAndClose()));
        }
    }

    @Test
    void aComponentAdmittedAfterABlockIsAnnouncedButBeforeItIsStoredIsEndedOnceItIs() throws Exception {
        cluster = new ClusterFixture(Map.of());
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        // Openfire announces a block before storing it: a component may still be admitted in between.
        a.clusterNode().blocked("comp");
        try (RawComponent early = b.connect(DOMAIN)) {
            a.openfire.block("comp");
            Element error = early.awaitStreamErrorAndClose();
            assertEquals("not-authorized", RawComponent.condition(error));
            assertEquals("comp.example.org is no longer allowed by the External Components settings",
                error.elementText("text"));
        }
    }

    @Test
    void whenANodeDiesItsDomainsAreFreeOnTheOthersAtOnce() throws Exception {
        cluster = new ClusterFixture(Map.of(ListenerOption.HIDDEN_COMPONENTS, "true",
            ListenerOption.RECONNECT_GRACE, "60000"));
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        RawComponent onA = a.connect(DOMAIN);
        RawComponent other = a.connect("other.example.org");
        cluster.cluster.crash(a.member());
        assertEquals(Set.of(), b.openfire.routes(), "Openfire removed the dead node's routes");
        assertEquals(Set.of(), b.openfire.hiddenDomains(), "and the plugin its flags");
        // The component reconnects on the node that is left, at once (its old connection may not be noticed yet).
        try (RawComponent back = b.connect(DOMAIN)) {
            back.answerDiscoProbe();
            b.openfire.send(message("to the survivor"));
            assertEquals("to the survivor", back.awaitElement("message").elementText("body"));
            assertEquals(Set.of(b.member().localNode()), b.openfire.routeOwners(DOMAIN));
            assertEquals(Set.of(DOMAIN), b.openfire.hiddenDomains());
            // The dead node's process ends; what it does on the way touches nothing the cluster has now.
            a.stop();
            onA.close();
            other.close();
            assertEquals(Set.of(b.member().localNode()), b.openfire.routeOwners(DOMAIN));
            assertEquals(Set.of(DOMAIN), b.openfire.hiddenDomains());
            assertTrue(back.staysOpenFor(100));
        }
    }
}
