package org.jivesoftware.openfire.plugin.componentlistener.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** The two halves of hiding, on their own: the probe answer that is kept back, and the items added back. */
class HiddenFiltersTest {
    private static final JID PROBER = new JID("component.example.org");
    private static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private static IQ serverItems(String to, List<String> jids, String rsm) {
        IQ answer = new IQ(IQ.Type.result);
        answer.setFrom("example.org");
        answer.setTo(to);
        Element query = answer.setChildElement("query", ITEMS);
        for (String jid : jids) {
            query.addElement("item").addAttribute("jid", jid);
        }
        if (rsm != null) {
            String[] parts = rsm.split("/");
            Element set = query.addElement("set", "http://jabber.org/protocol/rsm");
            set.addElement("first").addAttribute("index", parts[0]);
            set.addElement("count").setText(parts[1]);
        }
        return answer;
    }

    private static List<String> jids(IQ answer) {
        List<String> jids = new ArrayList<>();
        for (Element item : answer.getChildElement().elements("item")) {
            jids.add(item.attributeValue("jid"));
        }
        return jids;
    }

    @Test
    void onlyTheAnswerToOpenfiresProbeIsKeptBack() {
        HiddenProbeFilter filter = new HiddenProbeFilter(PROBER);
        IQ probe = new IQ(IQ.Type.get, "p1");
        probe.setFrom(PROBER);
        probe.setChildElement("query", "http://jabber.org/protocol/disco#info");
        filter.toComponent(probe);
        IQ otherGet = new IQ(IQ.Type.get, "p2");
        otherGet.setFrom("alice@example.org");
        otherGet.setChildElement("query", "http://jabber.org/protocol/disco#info");
        filter.toComponent(otherGet);

        IQ answerToUser = IQ.createResultIQ(otherGet);
        assertFalse(filter.swallow(answerToUser));
        IQ answer = IQ.createResultIQ(probe);
        assertTrue(filter.swallow(answer));
        assertFalse(filter.swallow(answer), "once");
    }

    @Test
    void hiddenItemsAreAddedForServersAndComponentsOnly() {
        HiddenItemsFilter filter = new HiddenItemsFilter("example.org", () -> Set.of("secret.example.org"), () -> false);
        IQ forUser = serverItems("alice@example.org/r", List.of("visible.example.org"), null);
        filter.complete(forUser);
        assertEquals(List.of("visible.example.org"), jids(forUser));
        IQ forComponent = serverItems("visible.example.org", List.of("visible.example.org"), null);
        filter.complete(forComponent);
        assertEquals(List.of("visible.example.org", "secret.example.org"), jids(forComponent));
    }

    @Test
    void onlyTheServersOwnItemListIsTouched() {
        HiddenItemsFilter filter = new HiddenItemsFilter("example.org", () -> Set.of("secret.example.org"), () -> true);
        IQ fromElsewhere = serverItems("a@example.org", List.of(), null);
        fromElsewhere.setFrom("conference.example.org");
        filter.complete(fromElsewhere);
        assertTrue(jids(fromElsewhere).isEmpty());
        IQ node = serverItems("a@example.org", List.of(), null);
        node.getChildElement().addAttribute("node", "some-node");
        filter.complete(node);
        assertTrue(jids(node).isEmpty());
    }

    @Test
    void withResultSetsHiddenItemsJoinTheLastPageAndTheCount() {
        HiddenItemsFilter filter = new HiddenItemsFilter("example.org", () -> Set.of("secret.example.org"), () -> false);
        IQ firstPage = serverItems("server.example.net", List.of("a.example.org"), "0/2");
        filter.complete(firstPage);
        assertEquals(List.of("a.example.org"), jids(firstPage));
        assertEquals("3", firstPage.getChildElement().element("set").elementText("count"));
        IQ lastPage = serverItems("server.example.net", List.of("b.example.org"), "1/2");
        filter.complete(lastPage);
        assertEquals(List.of("b.example.org", "secret.example.org"), jids(lastPage));
        assertEquals("3", lastPage.getChildElement().element("set").elementText("count"));
    }
}
