package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.function.LongConsumer;

/**
 * What the end-to-end benchmark drives: the plugin's listener in front of an in-memory Openfire, or the floor that
 * only moves the same bytes. Users are simulated in the same process; components connect over loopback TCP.
 */
interface Target extends AutoCloseable {
    String ID_PREFIX = "b";

    String name();

    int port();

    /**
     * Where stanzas for users go: the consumer gets the number in each stanza's id ({@code id='b<number>'}), on
     * the thread that delivers it.
     */
    void deliverToUsers(LongConsumer ids);

    /** A user's side of the server, for one thread: sends stanzas towards components as Openfire would route them. */
    UserSender userSender(String user);

    /** True for the threads that do the server's work (counted for CPU time and allocation). */
    boolean isServerThread(String threadName);

    @Override
    void close();

    /** One simulated user sending to components. Not thread-safe: one per thread. */
    interface UserSender {
        void message(String componentDomain, long id);

        void iqGet(String componentDomain, long id);
    }
}
