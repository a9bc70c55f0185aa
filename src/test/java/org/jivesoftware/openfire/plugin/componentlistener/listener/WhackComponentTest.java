package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.whack.ExternalComponentManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** A real third-party XEP-0114 library (Whack, Openfire's own component library) against the listener. */
class WhackComponentTest {
    private static final String ALICE = "alice@example.org";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;
    private ExternalComponentManager whack;

    /** A component that records the messages it receives and echoes them back to their sender. */
    private static final class EchoComponent implements Component {
        final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
        ComponentManager manager;

        @Override
        public String getName() {
            return "echo";
        }

        @Override
        public String getDescription() {
            return "echoes messages";
        }

        @Override
        public void processPacket(Packet packet) {
            if (packet instanceof Message) {
                received.add(packet);
                Message reply = new Message();
                reply.setTo(packet.getFrom());
                reply.setFrom(packet.getTo());
                reply.setBody("echo: " + ((Message) packet).getBody());
                try {
                    manager.sendPacket(this, reply);
                } catch (ComponentException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void initialize(JID jid, ComponentManager componentManager) {
            manager = componentManager;
        }

        @Override
        public void start() {
        }

        @Override
        public void shutdown() {
        }
    }

    @BeforeEach
    void start() throws Exception {
        fixture = listeners.start();
        whack = new ExternalComponentManager("127.0.0.1", fixture.port());
        whack.setServerName(InMemoryOpenfire.DOMAIN);
        whack.setSecretKey("echo", SECRET);
    }


    @Test
    void whackComponentConnectsAndExchangesStanzasWithUsers() throws Exception {
        EchoComponent echo = new EchoComponent();
        whack.addComponent("echo", echo);
        assertTrue(openfire.hasRoute("echo.example.org"));

        for (String to : new String[] {"echo.example.org", "x@echo.example.org", "echo.example.org/r"}) {
            Message message = new Message();
            message.setFrom(ALICE + "/phone");
            message.setTo(to);
            message.setBody("hello " + to);
            openfire.send(message);

            Packet atComponent = echo.received.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(atComponent, "the component receives the message to " + to);
            assertEquals(new JID(to), atComponent.getTo());
            assertEquals(new JID(ALICE + "/phone"), atComponent.getFrom());

            Packet reply = openfire.next(ALICE);
            assertNotNull(reply, "the component's reply reaches the user");
            assertEquals(new JID(to), reply.getFrom());
            assertEquals("echo: hello " + to, ((Message) reply).getBody());
        }

        whack.removeComponent("echo");
        Await.until("the route to go when the component disconnects", () -> !openfire.hasRoute("echo.example.org"));
    }

    @Test
    void whackWithWrongSecretIsRefused() {
        whack.setSecretKey("echo", "wrong");
        assertThrows(ComponentException.class, () -> whack.addComponent("echo", new EchoComponent()));
        assertFalse(openfire.hasRoute("echo.example.org"));
    }

    @Test
    void twoWhackConnectionsWithMultipleAllowedShareTheDomain() throws Exception {
        whack.setMultipleAllowed("echo", true);
        ExternalComponentManager secondWhack = new ExternalComponentManager("127.0.0.1", fixture.port());
        secondWhack.setServerName(InMemoryOpenfire.DOMAIN);
        secondWhack.setSecretKey("echo", SECRET);
        secondWhack.setMultipleAllowed("echo", true);
        EchoComponent first = new EchoComponent();
        EchoComponent second = new EchoComponent();
        whack.addComponent("echo", first);
        secondWhack.addComponent("echo", second);

        int users = 20;
        for (int user = 0; user < users; user++) {
            Message message = new Message();
            message.setFrom("user" + user + "@example.org/phone");
            message.setTo("echo.example.org");
            message.setBody("hello");
            openfire.send(message);
        }
        for (int user = 0; user < users; user++) {
            assertNotNull(openfire.next("user" + user + "@example.org", 5000), "every user has the echo");
        }
        assertEquals(users, first.received.size() + second.received.size(), "each message to one connection");
        assertFalse(first.received.isEmpty() || second.received.isEmpty(), "both connections get messages");

        secondWhack.removeComponent("echo");
        whack.removeComponent("echo");
    }
}
