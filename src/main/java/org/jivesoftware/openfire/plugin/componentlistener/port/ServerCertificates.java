package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.security.KeyStore;
import java.util.List;

/**
 * Openfire's certificates and TLS settings for component connections, as its own direct-TLS component port uses
 * them: what a listener with {@code tls = direct} and no certificate files of its own serves.
 */
public interface ServerCertificates {

    /**
     * Openfire's identity store for component connections (the one the admin console's certificates page manages).
     * Read only. Throws {@link IllegalStateException} when Openfire has none.
     */
    KeyStore identityStore();

    /** The password of {@link #identityStore()} and of its keys. */
    char[] identityStorePassword();

    /** The TLS protocols Openfire allows on its direct-TLS component port; empty when it cannot say. */
    List<String> componentTlsProtocols();

    /** The cipher suites Openfire allows on its direct-TLS component port; empty when it cannot say. */
    List<String> componentTlsCipherSuites();

    /** Calls the listener (on any thread) whenever a certificate store of Openfire's has changed. */
    void addCertificateListener(Runnable listener);

    void removeCertificateListener(Runnable listener);
}
