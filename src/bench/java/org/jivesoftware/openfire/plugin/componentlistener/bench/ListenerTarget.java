package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.support.PluginParts;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;

/** The plugin's listener, started by its own {@link ListenerManager} (the plugin's threads), with default options. */
final class ListenerTarget implements Target {
    static final String SECRET = "bench-secret";
    private static final String LISTENER = "bench";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire().withoutDiscoProbes().withoutCallLog();
    private final PluginParts parts = new PluginParts(openfire);
    private final ListenerManager manager = parts.listeners();
    private final int port;

    ListenerTarget() throws IOException {
        port = Ports.free();
        MapPropertyStore store = new MapPropertyStore();
        store.set(ListenerConfigs.LISTENERS, LISTENER);
        store.set(ListenerConfigs.propertyName(LISTENER, ListenerOption.PASSWORD), SECRET);
        store.set(ListenerConfigs.propertyName(LISTENER, ListenerOption.PORT), String.valueOf(port));
        Map<String, ListenerChange> started = manager.apply(new ListenerConfigs(store).readAll());
        if (started.get(LISTENER).kind() != ListenerChange.Kind.STARTED) {
            throw new IllegalStateException("The listener did not start: " + started);
        }
    }

    @Override
    public String name() {
        return "listener";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void deliverToUsers(LongConsumer ids) {
        openfire.deliverToUsers(packet -> ids.accept(Long.parseLong(packet.getID().substring(ID_PREFIX.length()))));
    }

    @Override
    public UserSender userSender(String user) {
        String from = user + "@" + InMemoryOpenfire.DOMAIN + "/bench";
        Message message = InMemoryOpenfire.message(from, InMemoryOpenfire.DOMAIN, EndToEndBenchmark.BODY);
        message.setType(Message.Type.chat);
        IQ iq = new IQ(IQ.Type.get);
        iq.setFrom(from);
        iq.setChildElement("query", "jabber:iq:version");
        // Openfire hands each packet over and may change it afterwards, as these senders do: the route copies it.
        return new UserSender() {
            @Override
            public void message(String componentDomain, long id) {
                send(message, componentDomain, id);
            }

            @Override
            public void iqGet(String componentDomain, long id) {
                send(iq, componentDomain, id);
            }

            private void send(org.xmpp.packet.Packet packet, String componentDomain, long id) {
                packet.setTo(componentDomain);
                packet.setID(ID_PREFIX + id);
                openfire.send(packet);
            }
        };
    }

    @Override
    public boolean isServerThread(String threadName) {
        return threadName.startsWith(ListenerManager.THREAD_PREFIX) || threadName.startsWith(EndToEndBenchmark.USER_THREAD);
    }

    @Override
    public void close() {
        parts.close();
    }
}
