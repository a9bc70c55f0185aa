package org.jivesoftware.openfire.plugin.componentlistener.admin;

import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.ClusterFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.FakeBrowser;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.RecordingOpenfireAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin pages of one node show and act on every node of the cluster. */
class ClusterAdminPagesTest {
    private final FakeBrowser browser = new FakeBrowser();
    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ComponentsPage components(ClusterFixture.Node node, Map<String, String> query) {
        return new ComponentsPage(node.console()).serve(browser.get(query), browser.response());
    }

    private ComponentsPage kick(ClusterFixture.Node node, String action, String domain) {
        return new ComponentsPage(node.console()).serve(browser.post(Map.of("action", action, "domain", domain)),
            browser.response());
    }

    private ListenersPage listeners(ClusterFixture.Node node) {
        return new ListenersPage(node.console()).serve(browser.get(Map.of()), browser.response());
    }

    @Test
    void theComponentsPageListsEveryNodesSessionsWithItsNodeAndKicksOnAnyNode() throws Exception {
        cluster = new ClusterFixture(Map.of());
        ClusterFixture.Node a = cluster.join();
        ClusterFixture.Node b = cluster.join();
        try (RawComponent onA = a.connect("irc.example.org"); RawComponent onB = b.connect("xmpp.example.org");
             RawComponent alsoOnB = b.connect("slack.example.org")) {
            ComponentsPage page = components(a, Map.of("sort", "node"));
            assertTrue(page.isClustered());
            assertTrue(page.getColumns().contains(ComponentsPage.NODE_COLUMN));
            assertEquals(List.of("irc.example.org node1", "slack.example.org node2", "xmpp.example.org node2"),
                page.getRows().stream().map(row -> row.getSession().getDomain() + " " + row.getNodeName())
                    .collect(Collectors.toList()));

            page = kick(a, "kick", "xmpp.example.org");
            assertEquals(ComponentsPage.PAGE, page.getRedirect(), String.valueOf(page.getNotice()));
            Element error = onB.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertEquals(ComponentsPage.KICKED_TEXT, error.elementText("text"));
            assertFalse(a.openfire.hasRoute("xmpp.example.org"), "the domain is free at once");
            assertEquals(1, b.counters().get(ListenerCounters.Counter.KICKS),
                "counted where the component was");

            components(a, Map.of());
            page = kick(a, "kickblock", "slack.example.org");
            assertEquals(ComponentsPage.PAGE, page.getRedirect(), String.valueOf(page.getNotice()));
            assertEquals(ComponentsPage.BLOCKED_TEXT, alsoOnB.awaitStreamErrorAndClose().elementText("text"));
            assertEquals(List.of("slack"), ((RecordingOpenfireAdmin) a.console().openfire()).blocked());
            assertEquals(List.of("irc.example.org"), components(b, Map.of()).getRows().stream()
                .map(row -> row.getSession().getDomain()).collect(Collectors.toList()));
        }
    }

    @Test
    void aNodeWithoutThePluginIsNamedAsNotAnswering() throws Exception {
        cluster = new ClusterFixture(Map.of());
        ClusterFixture.Node a = cluster.join();
        cluster.join(false);
        try (RawComponent onA = a.connect("irc.example.org")) {
            ComponentsPage page = components(a, Map.of());
            assertEquals(List.of("node2"), page.getSilentNodes());
            assertEquals(1, page.getRows().size());
            ListenersPage listeners = listeners(a);
            assertEquals(List.of("node1 running", "node2 unknown"), states(listeners.getRows().get(0)));
        }
    }

    @Test
    void theListenersPageSaysWhereEachListenerRunsAndWhereItFailedWithTotalsPerNodeAndSummed() throws Exception {
        cluster = new ClusterFixture(Map.of());
        // The port is in use on the second node's address.
        try (ServerSocket taken = new ServerSocket(cluster.port(), 1, InetAddress.getByName("127.0.0.2"))) {
            ClusterFixture.Node a = cluster.join();
            ClusterFixture.Node b = cluster.join();
            ClusterFixture.Node c = cluster.join();
            try (RawComponent onA = a.connect("irc.example.org"); RawComponent onC = c.connect("xmpp.example.org");
                 RawComponent alsoOnC = c.connect("slack.example.org")) {
                ListenersPage page = listeners(b);
                assertTrue(page.isClustered());
                ListenersPage.Row row = page.getRows().get(0);
                assertEquals("failed", row.getState(), "on the node whose page it is");
                assertEquals(List.of("node1 running", "node2 failed", "node3 running"), states(row));
                assertEquals("error.listener.bind", row.getNodes().get(1).getProblems().get(0).key(),
                    row.getNodes().get(1).getProblems().toString());
                assertEquals(3, row.getComponents(), "on every node");
                assertEquals(List.of("node1", "node2", "node3"), page.getNodeNames());
                ListenersPage.Total connected = total(page, ListenerManager.CONNECTED);
                assertEquals(Arrays.asList(1L, 0L, 2L), connected.getPerNode());
                assertEquals(3, connected.getValue());
                ListenersPage.Total accepted = total(page, ListenerCounters.Counter.HANDSHAKES_ACCEPTED.key());
                assertEquals(Arrays.asList(1L, 0L, 2L), accepted.getPerNode());
                assertEquals(3, accepted.getValue());
            }
        }
    }

    private static ListenersPage.Total total(ListenersPage page, String key) {
        return page.getTotals().stream().filter(total -> total.getKey().equals(key)).findFirst().orElseThrow();
    }

    private static List<String> states(ListenersPage.Row row) {
        return row.getNodes().stream().map(node -> node.getNode() + " " + node.getState())
            .collect(Collectors.toList());
    }
}
