package org.jivesoftware.openfire.plugin.componentlistener.tls;

/** Where a TLS listener's certificate and key come from. */
interface CertificateSource {

    /** Reads and checks the certificate and key as they are now. */
    ServerIdentity load() throws TlsSetupException;

    /**
     * True when what {@link #load()} would read may differ from the last load.
     *
     * @param openfireStoreChanged Openfire said that one of its certificate stores changed
     */
    boolean mayHaveChanged(boolean openfireStoreChanged);
}
