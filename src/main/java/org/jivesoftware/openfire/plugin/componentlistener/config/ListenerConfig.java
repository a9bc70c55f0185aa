package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;

/**
 * The validated settings of one listener, built by {@link ListenerConfigs}. Immutable; equal settings mean an
 * unchanged listener.
 */
public final class ListenerConfig {
    private final String id;
    private final Map<ListenerOption, String> values;
    private final long shaperRate;
    private final AccessRule access;
    /** Read for every stanza: parsed once. */
    private final int maxStanzaSize;
    private final boolean checkFrom;
    private final int maxQueue;

    /** Values must have passed {@link ListenerOption#validate}; the shaper rate comes from {@link Shapers}. */
    ListenerConfig(String id, Map<ListenerOption, String> values, long shaperRate) {
        this.id = id;
        this.values = new EnumMap<>(values);
        this.shaperRate = shaperRate;
        this.access = AccessRule.parse(values.get(ListenerOption.ACCESS));
        this.maxStanzaSize = integer(ListenerOption.MAX_STANZA_SIZE);
        this.checkFrom = flag(ListenerOption.CHECK_FROM);
        String limit = text(ListenerOption.MAX_FSM_QUEUE);
        this.maxQueue = limit.isEmpty() ? 0 : Integer.parseInt(limit);
    }

    private String text(ListenerOption option) {
        return values.get(option);
    }

    private int integer(ListenerOption option) {
        return Integer.parseInt(values.get(option));
    }

    private boolean flag(ListenerOption option) {
        return Boolean.parseBoolean(values.get(option));
    }

    public String id() {
        return id;
    }

    public boolean enabled() {
        return flag(ListenerOption.ENABLED);
    }

    public int port() {
        return integer(ListenerOption.PORT);
    }

    public String ipAddress() {
        return text(ListenerOption.IP_ADDRESS);
    }

    /** The listener's own shared secret; empty when the listener relies on Openfire's secrets. */
    public Optional<String> password() {
        String password = text(ListenerOption.PASSWORD);
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public AccessRule access() {
        return access;
    }

    /** Bytes per second read from each connection; 0 for no limit. */
    public long shaperRate() {
        return shaperRate;
    }

    public boolean checkFrom() {
        return checkFrom;
    }

    public boolean hiddenComponents() {
        return flag(ListenerOption.HIDDEN_COMPONENTS);
    }

    /** The {@code conflict_behaviour} option value: {@code disconnect}, {@code kick_old} or {@code share}. */
    public String conflictBehaviour() {
        return text(ListenerOption.CONFLICT_BEHAVIOUR);
    }

    /** The {@code balancing} mode's option value, as in {@link ListenerOption#BALANCING}'s choices. */
    public String balancing() {
        return text(ListenerOption.BALANCING);
    }

    public int reconnectGraceMillis() {
        return integer(ListenerOption.RECONNECT_GRACE);
    }

    /** Most stanzas queued towards one component; 0 for no limit. */
    public int maxQueue() {
        return maxQueue;
    }

    /** Milliseconds without data from a component before it is pinged; 0 for never. */
    public int keepaliveIntervalMillis() {
        return integer(ListenerOption.KEEPALIVE_INTERVAL);
    }

    public int keepaliveTimeoutMillis() {
        return integer(ListenerOption.KEEPALIVE_TIMEOUT);
    }

    /** Failed handshakes in a row from one address for one domain before that pair is refused; 0 for no limit. */
    public int handshakeFailures() {
        return integer(ListenerOption.HANDSHAKE_FAILURES);
    }

    public int handshakeLockoutMillis() {
        return integer(ListenerOption.HANDSHAKE_LOCKOUT);
    }

    public int maxStanzaSize() {
        return maxStanzaSize;
    }

    public int stateTimeoutMillis() {
        return integer(ListenerOption.STATE_TIMEOUT);
    }

    /** True for {@code tls = direct}: TLS from the first byte. */
    public boolean directTls() {
        return "direct".equals(text(ListenerOption.TLS));
    }

    /**
     * The PEM certificate chain and private key to use instead of Openfire's own certificate; empty when not set
     * (both are set or neither, see {@link ListenerOption#validateTogether}).
     */
    public Optional<PemFiles> pemFiles() {
        String certificate = text(ListenerOption.TLS_CERTFILE);
        return certificate.isEmpty() ? Optional.empty()
            : Optional.of(new PemFiles(Paths.get(certificate), Paths.get(text(ListenerOption.TLS_KEYFILE))));
    }

    /**
     * True when both bind the same socket the same way: only then can a listener take new settings without a
     * restart. A certificate renewed in place needs none either: it is picked up by new connections.
     */
    public boolean sameBinding(ListenerConfig other) {
        return enabled() == other.enabled() && port() == other.port() && ipAddress().equals(other.ipAddress())
            && text(ListenerOption.TLS).equals(other.text(ListenerOption.TLS))
            && pemFiles().equals(other.pemFiles());
    }

    /** A certificate chain file and its private key file, both PEM. */
    public static final class PemFiles {
        private final Path certificateFile;
        private final Path keyFile;

        PemFiles(Path certificateFile, Path keyFile) {
            this.certificateFile = certificateFile;
            this.keyFile = keyFile;
        }

        public Path certificateFile() {
            return certificateFile;
        }

        public Path keyFile() {
            return keyFile;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PemFiles && certificateFile.equals(((PemFiles) o).certificateFile)
                && keyFile.equals(((PemFiles) o).keyFile);
        }

        @Override
        public int hashCode() {
            return Objects.hash(certificateFile, keyFile);
        }
    }

    /** A copy on another port: tests bind to ephemeral ports. */
    public ListenerConfig withPort(int newPort) {
        Map<ListenerOption, String> changed = new EnumMap<>(values);
        changed.put(ListenerOption.PORT, String.valueOf(newPort));
        return new ListenerConfig(id, changed, shaperRate);
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
        return id.equals(that.id) && values.equals(that.values) && shaperRate == that.shaperRate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, values, shaperRate);
    }

    /** Never includes the password. */
    @Override
    public String toString() {
        return "listener '" + id + "' on " + ipAddress() + ":" + port();
    }
}
