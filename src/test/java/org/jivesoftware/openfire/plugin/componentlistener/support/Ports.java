package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Loopback port helpers for tests that go through the plugin's own port configuration. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago. */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * True when something accepts connections on the loopback port. A port from {@link #free} is in the range the
     * system picks local ports from: when it picks the very port asked for, the socket connects to itself, which
     * says nothing of a listener.
     */
    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return socket.getLocalPort() != port;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Names of threads that the plugin started and that are still alive after a short grace: a pool reports
     * itself terminated a moment before its threads have exited.
     */
    public static List<String> pluginThreads() throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("componentlistener")) {
                thread.join(Await.DEADLINE.toMillis());
                if (thread.isAlive()) {
                    names.add(thread.getName());
                }
            }
        }
        return names;
    }
}
