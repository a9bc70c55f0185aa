package org.jivesoftware.openfire.plugin.componentlistener.disco;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;

/** SPEC section 6: hidden components stay out of users' service discovery, and only that. */
class HiddenComponentsTest {
    private static final String VISIBLE = "visible.example.org";
    private static final String HIDDEN = "secret.example.org";
    private static final String ALICE = "alice@example.org";
    private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    private final AtomicBoolean usersCanSeeHidden = new AtomicBoolean();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture plain;
    private ListenerFixture hiding;
    private RawComponent visible;
    private RawComponent hidden;

    @BeforeEach
    void connect() throws Exception {
        // Wired as the plugin wires it: for Openfire's own sessions and for the plugin's components.
        Consumer<IQ> filter = new HiddenItemsFilter(InMemoryOpenfire.DOMAIN, openfire::hiddenDomains,
            usersCanSeeHidden::get)::complete;
        openfire.addOutgoingIqFilter(filter);
        plain = listeners.startFiltering(Map.of(), filter);
        hiding = listeners.beside(plain, Map.of("hidden_components", "true"));
        visible = RawComponent.connect(plain.port(), VISIBLE, SECRET);
        hidden = RawComponent.connect(hiding.port(), HIDDEN, SECRET);
        // Both answer Openfire's probe as components do; the answers are routed on the event loop.
        visible.answerDiscoProbe();
        hidden.answerDiscoProbe();
        Await.until("the visible component listed", () -> openfire.discoItems().contains(VISIBLE),
            () -> openfire.discoItems().toString());
        assertTrue(hidden.staysOpenFor(100), "its swallowed answer is not an error either");
    }

    @AfterEach
    void stop() throws Exception {
        visible.close();
        hidden.close();
    }

    private Set<String> itemsFor(String user) throws Exception {
        return openfire.serverItemsFor(user);
    }

    private static Set<String> jids(Element query) {
        return InMemoryOpenfire.itemJids(query);
    }

    @Test
    void theHiddenComponentNeverEntersOpenfiresItemList() {
        assertTrue(openfire.discoItems().contains(VISIBLE));
        assertFalse(openfire.discoItems().contains(HIDDEN), "its answer to the probe was never passed on");
        assertEquals(Set.of(HIDDEN), openfire.hiddenDomains());
    }

    @Test
    void usersDoNotSeeIt() throws Exception {
        assertEquals(Set.of(VISIBLE), itemsFor(ALICE));
    }

    @Test
    void componentsAndServersSeeEverything() throws Exception {
        visible.send("<iq type='get' id='d1' from='" + VISIBLE + "' to='example.org'><query xmlns='" + DISCO_ITEMS
            + "'/></iq>");
        Element answer = visible.awaitElement("iq");
        assertEquals(Set.of(VISIBLE, HIDDEN), jids(answer.element("query")));
    }

    @Test
    void usersSeeItWhenTheSettingSaysSo() throws Exception {
        usersCanSeeHidden.set(true);
        assertEquals(Set.of(VISIBLE, HIDDEN), itemsFor(ALICE));
    }

    @Test
    void hidingNeverBlocksCommunication() throws Exception {
        Message message = new Message();
        message.setFrom(ALICE + "/phone");
        message.setTo(HIDDEN);
        message.setBody("found you");
        openfire.send(message);
        assertEquals("found you", hidden.awaitElement("message").elementText("body"));
    }

    @Test
    void resultSetCountsStayRight() throws Exception {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(ALICE + "/phone");
        request.setTo(InMemoryOpenfire.DOMAIN);
        request.setChildElement("query", DISCO_ITEMS).addElement("set", "http://jabber.org/protocol/rsm")
            .addElement("max").setText("10");
        openfire.send(request);
        Element set = ((IQ) openfire.next(ALICE)).getChildElement().element("set");
        assertEquals("1", set.elementText("count"), "users count only what they see");

        visible.send("<iq type='get' id='d2' from='" + VISIBLE + "' to='example.org'><query xmlns='" + DISCO_ITEMS
            + "'><set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set></query></iq>");
        Element answer = visible.awaitElement("iq");
        assertEquals("2", answer.element("query").element("set").elementText("count"));
        assertEquals(Set.of(VISIBLE, HIDDEN), jids(answer.element("query")));
    }

    @Test
    void theFlagGoesWithTheComponent() throws Exception {
        hidden.send("</stream:stream>");
        hidden.awaitClosed();
        assertTrue(openfire.hiddenDomains().isEmpty());
    }
}
