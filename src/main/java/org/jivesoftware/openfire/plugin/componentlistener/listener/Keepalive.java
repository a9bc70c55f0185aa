package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.StreamError;

/**
 * The keepalive of one connection (XEP-0199): once the component is connected, a component silent for
 * {@code keepalive_interval} gets a ping, and the stream of one that then sends nothing for {@code keepalive_timeout}
 * is ended. Any data from the component proves it alive, whether or not it answers the ping. Runs on the
 * connection's event loop only; the settings are read at each look, so changes reach a running connection.
 */
final class Keepalive {
    /** Logged as the connection's, beside the other news of the component's stream. */
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);

    private final Channel channel;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final Traffic traffic;
    /** Ends the stream of a component that did not answer. */
    private final Consumer<StreamException> timedOut;
    /** When the component last sent anything, and the check that looks at it next. */
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> check;
    /** When the outstanding ping was sent; 0 when none is. */
    private long pingSentNanos;
    private int pingsSent;
    /** Set while the component is connected: from {@link #start} to {@link #stop}. */
    private String domain;
    /** Our pings' ids: unique to the stream, so that no stanza of the component's own is taken for an answer. */
    private String pingIdPrefix;

    Keepalive(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server, Traffic traffic,
              Consumer<StreamException> timedOut) {
        this.channel = channel;
        this.settings = settings;
        this.server = server;
        this.traffic = traffic;
        this.timedOut = timedOut;
    }

    /** The component sent something. */
    void heardFrom() {
        lastReadNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    /** The component of {@code domain} is connected on the stream {@code streamId}: its silence is watched. */
    void start(String domain, String streamId) {
        this.domain = domain;
        this.pingIdPrefix = "keepalive-" + streamId + "-";
        schedule();
    }

    void stop() {
        domain = null;
        cancel();
    }

    /** Plans the next look at the component's silence, from the listener's current settings. */
    void schedule() {
        cancel();
        ListenerConfig config = settings.get();
        if (domain == null || config.keepaliveIntervalMillis() == 0) {
            return;
        }
        long now = System.nanoTime();
        long dueNanos = pingSentNanos != 0
            ? pingSentNanos + TimeUnit.MILLISECONDS.toNanos(config.keepaliveTimeoutMillis())
            : lastReadNanos + TimeUnit.MILLISECONDS.toNanos(config.keepaliveIntervalMillis());
        check = channel.eventLoop().schedule(this::look, Math.max(0, dueNanos - now), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Pings a component that has been silent for the interval; ends the stream of one that did not answer. */
    private void look() {
        ListenerConfig config = settings.get();
        long now = System.nanoTime();
        if (pingSentNanos != 0
            && now - pingSentNanos >= TimeUnit.MILLISECONDS.toNanos(config.keepaliveTimeoutMillis())) {
            LOG.info("Component {} sent nothing for {} ms after a ping; closing its stream", domain,
                TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos));
            timedOut.accept(new StreamException(StreamError.Condition.connection_timeout,
                "No answer to a ping within " + config.keepaliveTimeoutMillis() + " ms"));
            return;
        }
        if (pingSentNanos == 0
            && now - lastReadNanos >= TimeUnit.MILLISECONDS.toNanos(config.keepaliveIntervalMillis())) {
            pingSentNanos = now;
            traffic.write("<iq type='get' id='" + pingIdPrefix + ++pingsSent + "' from='"
                + StreamHeader.escapeAttribute(server.xmppDomain()) + "' to='"
                + StreamHeader.escapeAttribute(domain) + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            channel.flush();
        }
        schedule();
    }

    /** The component's answer (result or error) to one of our pings: it has done its job by arriving. */
    boolean isPingAnswer(Element element) {
        // Checked for every stanza: nothing is looked at unless a ping was ever sent.
        if (pingsSent == 0 || !"iq".equals(element.getName())) {
            return false;
        }
        String type = element.attributeValue("type");
        String id = element.attributeValue("id");
        return ("result".equals(type) || "error".equals(type)) && id != null && id.startsWith(pingIdPrefix);
    }
}
