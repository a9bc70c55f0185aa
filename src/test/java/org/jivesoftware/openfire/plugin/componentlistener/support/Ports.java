package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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

    /** True when something accepts connections on the loopback port. */
    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Names of live threads that the plugin started. */
    public static java.util.List<String> pluginThreads() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("componentlistener")) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
