package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.Set;
import java.util.stream.Collectors;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore.Permission;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryUsers;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.LogCapture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.xmpp.packet.Roster;

/** XEP-0356 over loopback TCP: each permission granted and used, and each refusal, through the stand-in's users. */
class PrivilegedComponentTest {
    private static final String GATEWAY = "gw.example.org";
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    private static final long WAIT = 5000;

    private InMemoryOpenfire openfire;
    private ListenerFixture fixture;
    private InMemoryUsers users;

    @BeforeEach
    void start() throws InterruptedException {
        openfire = new InMemoryOpenfire();
        fixture = ListenerFixture.start(openfire);
        users = fixture.parts().users.user("alice").user("bob");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void grant(Permission permission, String value) {
        fixture.parts().grantProperties.set(GrantStore.propertyName(GATEWAY, permission), value);
        fixture.parts().privileges.reload();
    }

    /** Connects the gateway and takes the advertisement its grants bring, right after the handshake. */
    private RawComponent connectPrivileged() throws Exception {
        RawComponent component = RawComponent.connect(fixture.port(), GATEWAY, SECRET);
        Element advertisement = component.nextElement();
        assertEquals("message", advertisement.getName(), advertisement.asXML());
        assertNotNull(advertisement.element("privilege"), advertisement.asXML());
        return component;
    }

    private static Set<String> perms(Element message) {
        return message.element("privilege").elements("perm").stream()
            .map(perm -> perm.attributeValue("access") + "=" + perm.attributeValue("type")
                + (perm.attributeValue("push") == null ? "" : ",push=" + perm.attributeValue("push")))
            .collect(Collectors.toSet());
    }

    private static String rosterIq(String type, String id, String query) {
        return "<iq type='" + type + "' id='" + id + "' from='" + GATEWAY + "' to='" + ALICE + "'>"
            + "<query xmlns='jabber:iq:roster'>" + query + "</query></iq>";
    }

    private static String errorCondition(Element stanza) {
        assertEquals("error", stanza.attributeValue("type"), stanza.asXML());
        return ((Element) stanza.element("error").elements().get(0)).getName();
    }

    @Test
    void theGrantedPermissionsOnlyAreAdvertisedAfterTheHandshakeAndAgainWhenTheyChange() throws Exception {
        grant(Permission.ROSTER, "both");
        grant(Permission.MESSAGE, "outgoing");
        grant(Permission.IQ, PUBSUB + "=both,urn:xmpp:http:upload:0=get");
        try (RawComponent component = RawComponent.connect(fixture.port(), GATEWAY, SECRET)) {
            Element first = component.nextElement();
            assertEquals("example.org", first.attributeValue("from"));
            assertEquals(GATEWAY, first.attributeValue("to"));
            assertEquals(Grants.NAMESPACE, first.element("privilege").getNamespaceURI());
            assertEquals(Set.of("roster=both,push=true", "message=outgoing", "iq=null"), perms(first));
            List<Element> namespaces = first.element("privilege").element("perm").getParent().elements("perm")
                .stream().filter(perm -> "iq".equals(perm.attributeValue("access"))).findFirst().orElseThrow()
                .elements("namespace");
            assertEquals(Set.of(PUBSUB + "=both", "urn:xmpp:http:upload:0=get"), namespaces.stream()
                .map(ns -> ns.attributeValue("ns") + "=" + ns.attributeValue("type")).collect(Collectors.toSet()));

            grant(Permission.ROSTER_PUSH, "false");
            grant(Permission.PRESENCE, "managed_entity");
            Element second = component.awaitElement("message");
            // Only the last change may be seen once: both changes are there by then.
            while (!perms(second).contains("presence=managed_entity")) {
                second = component.awaitElement("message");
            }
            assertEquals(Set.of("roster=both,push=false", "message=outgoing", "presence=managed_entity", "iq=null"),
                perms(second));
        }
    }

    @Test
    void aComponentWithoutGrantsIsToldNothingAndRefusedRosterAccess() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), GATEWAY, SECRET)) {
            component.send(rosterIq("get", "r1", ""));
            Element answer = component.nextElement();
            assertEquals("iq", answer.getName(), "no advertisement came first: " + answer.asXML());
            assertEquals("forbidden", errorCondition(answer));
        }
    }

    @Test
    void rosterIsReadAndChangedWithPushesToTheUserAndTheComponent() throws Exception {
        grant(Permission.ROSTER, "both");
        users.online(new JID(ALICE + "/phone"), false);
        try (RawComponent component = connectPrivileged()) {
            component.send(rosterIq("set", "s1",
                "<item jid='romeo@legacy.example' name='Romeo' subscription='both'><group>WA</group></item>"));
            Element push = component.awaitElement("iq");
            // The component's own copy of the push (push defaults to true) and the answer, in either order.
            Element answer = push;
            if ("set".equals(push.attributeValue("type"))) {
                answer = component.awaitElement("iq");
            } else {
                push = component.awaitElement("iq");
            }
            assertEquals("result", answer.attributeValue("type"), answer.asXML());
            assertEquals("s1", answer.attributeValue("id"));
            assertEquals(ALICE, push.attributeValue("from"));
            assertEquals("romeo@legacy.example", push.element("query").element("item").attributeValue("jid"));
            assertEquals("Romeo", users.rosterItem("alice", new JID("romeo@legacy.example")).getName());
            assertEquals(Roster.Subscription.both,
                users.rosterItem("alice", new JID("romeo@legacy.example")).getSubscription(),
                "a gateway's contact is mutual");
            Packet userPush = openfire.next(ALICE, WAIT);
            assertEquals(new JID(ALICE + "/phone"), userPush.getTo(), "the user's resource got the push");
            assertEquals("romeo@legacy.example",
                userPush.getElement().element("query").element("item").attributeValue("jid"));

            component.send(rosterIq("get", "g1", ""));
            Element roster = component.awaitElement("iq");
            assertEquals("result", roster.attributeValue("type"));
            assertEquals(ALICE, roster.attributeValue("from"));
            Element item = roster.element("query").element("item");
            assertEquals("romeo@legacy.example", item.attributeValue("jid"));
            assertEquals("WA", item.elementText("group"));

            component.send(rosterIq("set", "s2", "<item jid='romeo@legacy.example' subscription='remove'/>"));
            Element removed = component.awaitElement("iq");
            while (!"s2".equals(removed.attributeValue("id"))) {
                removed = component.awaitElement("iq");
            }
            assertEquals("result", removed.attributeValue("type"));
            assertEquals(Set.of(), users.rosterJids("alice"));
        }
    }

    @Test
    void rosterAccessBeyondTheGrantOrForNoLocalUserIsRefused() throws Exception {
        grant(Permission.ROSTER, "get");
        grant(Permission.ROSTER_PUSH, "false");
        try (RawComponent component = connectPrivileged()) {
            component.send(rosterIq("set", "s1", "<item jid='romeo@legacy.example'/>"));
            assertEquals("forbidden", errorCondition(component.awaitElement("iq")));
            assertEquals(Set.of(), users.rosterJids("alice"));
            component.send("<iq type='get' id='g2' from='" + GATEWAY + "' to='nobody@example.org'>"
                + "<query xmlns='jabber:iq:roster'/></iq>");
            assertEquals("forbidden", errorCondition(component.awaitElement("iq")));
        }
    }

    private static String privilegedMessage(String from, String to, String id) {
        return "<message from='" + GATEWAY + "' to='example.org' id='" + id + "'>"
            + "<privilege xmlns='urn:xmpp:privilege:2'><forwarded xmlns='urn:xmpp:forward:0'>"
            + "<message xmlns='jabber:client' type='chat' from='" + from + "' to='" + to + "' id='inner-" + id + "'>"
            + "<body>sent from the legacy app</body></message></forwarded></privilege></message>";
    }

    @Test
    void aMessageOnTheUsersBehalfReachesTheRecipientAndTheUsersCarbons() throws Exception {
        grant(Permission.MESSAGE, "outgoing");
        users.online(new JID(ALICE + "/phone"), true);
        users.online(new JID(ALICE + "/laptop"), false);
        try (RawComponent component = connectPrivileged()) {
            component.send(privilegedMessage(ALICE, BOB, "m1"));
            Message received = (Message) openfire.next(BOB, WAIT);
            assertNotNull(received, "the recipient got it");
            assertEquals(new JID(ALICE), received.getFrom());
            assertEquals("sent from the legacy app", received.getBody());
            assertEquals("inner-m1", received.getID());
            Message carbon = (Message) openfire.next(ALICE, WAIT);
            assertEquals(new JID(ALICE + "/phone"), carbon.getTo(), "only the resource that enabled carbons");
            assertEquals(new JID(ALICE), carbon.getFrom());
            Element copied = carbon.getChildElement("sent", PrivilegedRequests.CARBONS)
                .element("forwarded").element("message");
            assertEquals(BOB, copied.attributeValue("to"));
            assertEquals("jabber:client", copied.getNamespaceURI());
            assertEquals("jabber:client", copied.element("body").getNamespaceURI());
            assertNull(openfire.next(ALICE, 200), "no copy for the resource without carbons");
        }
    }

    @Test
    void messagesNotGrantedNotFromALocalUserOrMalformedAreRefusedAndNotSent() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            refuseMessages();
            String notLocal = "Refused a privileged request of component " + GATEWAY + " (NOT_LOCAL_USER)";
            assertEquals(1, logs.text().split(java.util.regex.Pattern.quote(notLocal), -1).length - 1,
                "logged once per component and cause: " + logs.text());
            assertTrue(logs.text().contains(GATEWAY + " (NOT_GRANTED)"));
            assertTrue(logs.text().contains(GATEWAY + " (MALFORMED)"));
        }
    }

    private void refuseMessages() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), GATEWAY, SECRET)) {
            component.send(privilegedMessage(ALICE, BOB, "m1"));
            assertEquals("forbidden", errorCondition(component.awaitElement("message")));
        }
        grant(Permission.MESSAGE, "outgoing");
        try (RawComponent component = connectPrivileged()) {
            component.send(privilegedMessage("mallory@elsewhere.example", BOB, "m2"));
            assertEquals("forbidden", errorCondition(component.awaitElement("message")));
            component.send(privilegedMessage("nobody@example.org", BOB, "m3"));
            assertEquals("forbidden", errorCondition(component.awaitElement("message")));
            component.send("<message from='" + GATEWAY + "' to='example.org' id='m4'>"
                + "<privilege xmlns='urn:xmpp:privilege:2'/></message>");
            Element malformed = component.awaitElement("message");
            assertEquals("m4", malformed.attributeValue("id"));
            assertEquals("bad-request", errorCondition(malformed));
        }
        assertNull(openfire.next(BOB, 200), "nothing was sent");
    }

    private static String privilegedIq(String outerType, String innerType, String innerFrom, String namespace) {
        return "<iq type='" + outerType + "' id='outer' from='" + GATEWAY + "' to='" + ALICE + "'>"
            + "<privileged_iq xmlns='urn:xmpp:privilege:2'><iq xmlns='jabber:client' type='" + innerType
            + "' id='inner' from='" + innerFrom + "' to='" + ALICE + "'><pubsub xmlns='" + namespace + "'>"
            + "<items node='urn:xmpp:bookmarks:1'/></pubsub></iq></privileged_iq></iq>";
    }

    @Test
    void aPrivilegedIqIsExecutedAsTheUsersAndAnsweredWrapped() throws Exception {
        grant(Permission.IQ, PUBSUB + "=get");
        users.handle(PUBSUB, request -> {
            IQ result = IQ.createResultIQ(request);
            result.setChildElement("pubsub", PUBSUB).addElement("items").addAttribute("node", "answered");
            return result;
        });
        try (RawComponent component = connectPrivileged()) {
            component.send(privilegedIq("get", "get", ALICE, PUBSUB));
            Element answer = component.awaitElement("iq");
            assertEquals("result", answer.attributeValue("type"), answer.asXML());
            assertEquals("outer", answer.attributeValue("id"));
            Element inner = answer.element("privileged_iq").element("iq");
            assertEquals("result", inner.attributeValue("type"));
            assertEquals("inner", inner.attributeValue("id"), "the component's own id comes back");
            assertEquals("jabber:client", inner.getNamespaceURI(), "not the wrapper's namespace");
            assertEquals("answered", inner.element("pubsub").element("items").attributeValue("node"));
            IQ executed = users.executed().get(0);
            assertEquals(new JID(ALICE), executed.getFrom(), "executed as the user's");
        }
    }

    @Test
    void privilegedIqsNotGrantedOrMalformedAreRefusedAndNotExecuted() throws Exception {
        grant(Permission.IQ, PUBSUB + "=get");
        try (RawComponent component = connectPrivileged()) {
            component.send(privilegedIq("set", "set", ALICE, PUBSUB));
            assertEquals("forbidden", errorCondition(component.awaitElement("iq")));
            component.send(privilegedIq("get", "get", ALICE, "jabber:iq:private"));
            assertEquals("forbidden", errorCondition(component.awaitElement("iq")));
            component.send(privilegedIq("get", "set", ALICE, PUBSUB));
            assertEquals("bad-request", errorCondition(component.awaitElement("iq")));
            component.send(privilegedIq("get", "get", BOB, PUBSUB));
            assertEquals("bad-request", errorCondition(component.awaitElement("iq")));
            component.send("<iq type='get' id='empty' from='" + GATEWAY + "' to='" + ALICE + "'>"
                + "<privileged_iq xmlns='urn:xmpp:privilege:2'/></iq>");
            assertEquals("bad-request", errorCondition(component.awaitElement("iq")));
        }
        assertEquals(List.of(), users.executed());
    }

    @Test
    void presencesOfUsersAndWithRosterOfTheirContactsReachTheComponent() throws Exception {
        grant(Permission.PRESENCE, "managed_entity");
        try (RawComponent component = connectPrivileged()) {
            users.contactPresence("alice", presenceFrom("romeo@legacy.example/x"));
            users.online(new JID(ALICE + "/phone"), false);
            Element presence = component.awaitElement("presence");
            assertEquals(ALICE + "/phone", presence.attributeValue("from"), "not the contact's: not granted");
            users.offline(new JID(ALICE + "/phone"));
            assertEquals("unavailable", component.awaitElement("presence").attributeValue("type"));

            grant(Permission.PRESENCE, "roster");
            component.awaitElement("message");
            users.contactPresence("alice", presenceFrom("romeo@legacy.example/x"));
            assertEquals("romeo@legacy.example/x", component.awaitElement("presence").attributeValue("from"));
        }
    }

    private static Presence presenceFrom(String from) {
        Presence presence = new Presence();
        presence.setFrom(from);
        presence.setTo(ALICE);
        return presence;
    }

    @Test
    void ordinaryStanzasOfAPrivilegedComponentAreRoutedAsBefore() throws Exception {
        grant(Permission.ROSTER, "both");
        grant(Permission.IQ, PUBSUB + "=both");
        try (RawComponent component = connectPrivileged()) {
            component.send("<iq type='get' id='v1' from='" + GATEWAY + "' to='" + ALICE + "/phone'>"
                + "<query xmlns='jabber:iq:version'/></iq>");
            Packet routed = openfire.next(ALICE, WAIT);
            assertEquals("v1", routed.getID(), "an IQ to a user's resource is the user's, not the server's");
            component.send("<iq type='get' id='p1' from='" + GATEWAY + "' to='example.org'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
            Packet ping = openfire.unroutable().poll(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS);
            assertEquals("p1", ping.getID(), "a ping to the server is routed to it");
            component.send("<iq type='get' id='d1' from='" + GATEWAY + "' to='" + ALICE + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertEquals("d1", openfire.next(ALICE, WAIT).getID(), "an IQ to a bare JID that is no roster IQ");
        }
        assertEquals(List.of(), users.executed());
    }

    @Test
    void keepalivePingsOfAPrivilegedComponentWorkAsForAnyOther() throws Exception {
        fixture.close();
        fixture = ListenerFixture.start(openfire, Map.of("keepalive_interval", "300", "keepalive_timeout", "300"));
        users = fixture.parts().users.user("alice");
        grant(Permission.ROSTER, "both");
        grant(Permission.MESSAGE, "outgoing");
        grant(Permission.IQ, PUBSUB + "=both");
        try (RawComponent component = connectPrivileged()) {
            for (int ping = 0; ping < 2; ping++) {
                Element request = component.awaitElement("iq");
                assertEquals("urn:xmpp:ping", request.element("ping").getNamespaceURI(), request.asXML());
                component.send("<iq type='result' id='" + request.attributeValue("id") + "' from='" + GATEWAY
                    + "' to='example.org'/>");
            }
            assertTrue(openfire.unroutable().isEmpty(), "the answers are the keepalive's, not routed on");
            assertEquals(List.of(), users.executed());
        }
    }

    @Test
    void aSlowRosterChangeHoldsNeitherTheConnectionNorTheOrderOfTheComponentsStanzas() throws Exception {
        grant(Permission.ROSTER, "both");
        grant(Permission.ROSTER_PUSH, "false");
        CountDownLatch database = new CountDownLatch(1);
        users.holdRosterChanges(database);
        try (RawComponent component = connectPrivileged()) {
            component.send(rosterIq("set", "s1", "<item jid='romeo@legacy.example'/>"));
            component.send("<message from='romeo@" + GATEWAY + "' to='" + BOB + "' id='after'><body>b</body></message>");
            component.send("<iq type='get' id='p1' from='" + GATEWAY + "' to='" + ALICE + "/phone'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
            assertNull(openfire.next(BOB, 200), "the message waits for the roster change before it");
            openfire.send(InMemoryOpenfire.message(ALICE + "/phone", GATEWAY, "while held"));
            assertEquals("while held", component.awaitElement("message").elementText("body"),
                "the connection itself is not held");
            database.countDown();
            assertEquals("s1", component.awaitElement("iq").attributeValue("id"));
            assertEquals("after", openfire.next(BOB, WAIT).getID());
            assertEquals("p1", openfire.next(ALICE, WAIT).getID());
        }
    }
}
