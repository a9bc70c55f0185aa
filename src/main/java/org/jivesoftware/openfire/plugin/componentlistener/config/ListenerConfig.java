package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.util.Objects;
import java.util.Optional;

/** The validated settings of one listener. Immutable; equal settings mean an unchanged listener. */
public final class ListenerConfig {
    private final String id;
    private final boolean enabled;
    private final int port;
    private final String ipAddress;
    private final String password;
    private final boolean checkFrom;
    private final int maxStanzaSize;
    private final int stateTimeoutMillis;

    ListenerConfig(String id, boolean enabled, int port, String ipAddress, String password, boolean checkFrom,
                   int maxStanzaSize, int stateTimeoutMillis) {
        this.id = id;
        this.enabled = enabled;
        this.port = port;
        this.ipAddress = ipAddress;
        this.password = password;
        this.checkFrom = checkFrom;
        this.maxStanzaSize = maxStanzaSize;
        this.stateTimeoutMillis = stateTimeoutMillis;
    }

    public String id() {
        return id;
    }

    public boolean enabled() {
        return enabled;
    }

    public int port() {
        return port;
    }

    public String ipAddress() {
        return ipAddress;
    }

    /** The listener's own shared secret; empty when the listener relies on Openfire's secrets. */
    public Optional<String> password() {
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public boolean checkFrom() {
        return checkFrom;
    }

    public int maxStanzaSize() {
        return maxStanzaSize;
    }

    public int stateTimeoutMillis() {
        return stateTimeoutMillis;
    }

    /** A copy on another port: tests bind to ephemeral ports. */
    public ListenerConfig withPort(int newPort) {
        return new ListenerConfig(id, enabled, newPort, ipAddress, password, checkFrom, maxStanzaSize, stateTimeoutMillis);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ListenerConfig)) {
            return false;
        }
        ListenerConfig that = (ListenerConfig) o;
        return enabled == that.enabled && port == that.port && checkFrom == that.checkFrom
            && maxStanzaSize == that.maxStanzaSize && stateTimeoutMillis == that.stateTimeoutMillis
            && id.equals(that.id) && ipAddress.equals(that.ipAddress) && password.equals(that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, enabled, port, ipAddress, password, checkFrom, maxStanzaSize, stateTimeoutMillis);
    }

    /** Never includes the password. */
    @Override
    public String toString() {
        return "listener '" + id + "' on " + ipAddress + ":" + port;
    }
}
