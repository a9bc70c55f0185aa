package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Options changed on a running listener apply to the component already connected, which stays connected. */
class LiveSettingsTest {
    private static final String COMPONENT = "comp.example.org";
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    private final Map<String, String> options = new HashMap<>();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;
    private RawComponent component;

    @BeforeEach
    void connect() throws Exception {
        fixture = listeners.start();
        component = RawComponent.connect(fixture.port(), COMPONENT, SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        component.close();
    }

    private void change(String option, String value) {
        options.put(option, value);
        fixture.listener().update(ListenerFixture.config("test", options,
            Map.of("plugin.componentlistener.shapers", "test=10000")).withPort(fixture.port()));
    }

    private Message toComponent(String body) {
        return InMemoryOpenfire.message(ALICE + "/phone", COMPONENT, body);
    }

    private String fromComponent(String from, String body) {
        return "<message from='" + from + "' to='" + ALICE + "'><body>" + body + "</body></message>";
    }

    @Test
    void accessChangeAppliesToTheNextStanza() throws Exception {
        change("access", "admins");
        openfire.send(toComponent("refused"));
        Packet bounce = openfire.next(ALICE);
        assertEquals(PacketError.Condition.not_allowed, InMemoryOpenfire.condition(bounce));
        change("access", "local");
        openfire.send(toComponent("allowed"));
        assertEquals("allowed", component.awaitElement("message").elementText("body"));
    }

    @Test
    void checkFromChangeAppliesToTheNextStanza() throws Exception {
        change("check_from", "false");
        component.send(fromComponent("other.example.org", "spoof allowed"));
        assertEquals(new JID("other.example.org"), openfire.next(ALICE).getFrom());
        change("check_from", "true");
        component.send(fromComponent("other.example.org", "refused"));
        assertEquals("error", component.awaitElement("message").attributeValue("type"));
        assertTrue(component.staysOpenFor(100));
    }

    @Test
    void smallerStanzaLimitAppliesToTheRunningStream() throws Exception {
        component.send(fromComponent(COMPONENT, "x".repeat(3000)));
        assertNotNull(openfire.next(ALICE), "3 kB pass under the default limit");
        change("max_stanza_size", "2048");
        component.send(fromComponent(COMPONENT, "x".repeat(3000)));
        assertEquals("policy-violation", condition(component.awaitStreamErrorAndClose()));
    }

    @Test
    void smallerQueueLimitAppliesToTheRunningStream() throws Exception {
        try (RawComponent slow = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), "slow.example.org",
            SECRET)) {
            change("max_fsm_queue", "100");
            String body = "q".repeat(4000);
            for (int i = 0; i < 10_000; i++) {
                Message message = toComponent(body);
                message.setTo("slow.example.org");
                openfire.send(message);
            }
            assertEquals("policy-violation", condition(slow.awaitStreamErrorAndClose()));
        }
    }

    @Test
    void newPasswordAppliesToNewConnectionsWhileTheConnectedOneStays() throws Exception {
        change("password", "rotated");
        try (RawComponent withOld = new RawComponent(fixture.port())) {
            withOld.send(RawComponent.header("other.example.org"));
            String id = withOld.awaitStreamId();
            withOld.send("<handshake>" + RawComponent.handshakeDigest(id, SECRET) + "</handshake>");
            assertEquals("not-authorized", condition(withOld.awaitStreamErrorAndClose()));
        }
        RawComponent.connect(fixture.port(), "other.example.org", "rotated").close();
        assertTrue(component.staysOpenFor(100), "authenticated before the change: stays");
    }

    @Test
    void newStateTimeoutAppliesToNewConnections() throws Exception {
        change("state_timeout", "300");
        try (RawComponent silent = new RawComponent(fixture.port())) {
            long start = System.nanoTime();
            assertEquals("connection-timeout", condition(silent.awaitStreamErrorAndClose()));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2000, "the new 300 ms, not the default 5 s");
        }
        assertTrue(component.staysOpenFor(100));
    }

    @Test
    void shaperChangeSlowsTheRunningConnection() throws Exception {
        String body = "s".repeat(900);
        StringBuilder batch = new StringBuilder();
        int stanzas = 30;
        for (int i = 0; i < stanzas; i++) {
            batch.append(fromComponent(COMPONENT, body));
        }
        change("shaper", "test");
        // The connection takes the change in a task on its event loop; a stanza to the component is written by a
        // later task of that loop: once it has arrived, the shaper is in place. (Reads would count against it.)
        openfire.send(toComponent("after the change"));
        assertEquals("after the change", component.awaitElement("message").elementText("body"));
        long start = System.nanoTime();
        component.send(batch.toString());
        for (int i = 0; i < stanzas; i++) {
            assertNotNull(openfire.next(ALICE));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 1.2, "about 30 kB at 10 kB/s with a one-second burst take about 2 s, took " + seconds);
        assertTrue(component.staysOpenFor(50));
    }
}
