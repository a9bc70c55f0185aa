package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xmpp.packet.IQ;

/**
 * The listeners of a test in front of its {@link InMemoryOpenfire}: a test starts the ones it needs, with its
 * options, and every one is stopped when the test ends, however it ends. Register it with
 * {@code @RegisterExtension final Listeners listeners = new Listeners(openfire);}.
 */
public final class Listeners implements AfterEachCallback {
    private final InMemoryOpenfire openfire;
    private final Deque<ListenerFixture> started = new ArrayDeque<>();

    public Listeners(InMemoryOpenfire openfire) {
        this.openfire = openfire;
    }

    /** A listener with password {@link ListenerFixture#SECRET} and default options. */
    public ListenerFixture start() throws InterruptedException {
        return start(Map.of());
    }

    /** See {@link ListenerFixture#start(InMemoryOpenfire, Map)}. */
    public ListenerFixture start(Map<String, String> options) throws InterruptedException {
        return started(ListenerFixture.start(openfire, options));
    }

    /** See {@link ListenerFixture#start(InMemoryOpenfire, Map, Map)}. */
    public ListenerFixture start(Map<String, String> options, Map<String, String> properties)
        throws InterruptedException {
        return started(ListenerFixture.start(openfire, options, properties));
    }

    /** See {@link ListenerFixture#startOnOneEventLoop}. */
    public ListenerFixture startOnOneEventLoop(Map<String, String> options) throws InterruptedException {
        return started(ListenerFixture.startOnOneEventLoop(openfire, options));
    }

    /** See {@link ListenerFixture#startFiltering}. */
    public ListenerFixture startFiltering(Map<String, String> options, Consumer<IQ> iqFilter)
        throws InterruptedException {
        return started(ListenerFixture.startFiltering(openfire, options, iqFilter));
    }

    /** A second listener sharing the first one's registry (see {@link ListenerFixture#beside}). */
    public ListenerFixture beside(ListenerFixture first, Map<String, String> options) throws InterruptedException {
        return started(first.beside(openfire, options));
    }

    private ListenerFixture started(ListenerFixture fixture) {
        started.push(fixture);
        return fixture;
    }

    /** Stops the listeners in the reverse order of their start: one started beside another goes first. */
    @Override
    public void afterEach(ExtensionContext context) {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
