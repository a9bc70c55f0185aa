package org.jivesoftware.openfire.plugin.componentlistener.tls;

/** Why a listener cannot serve TLS: the message is what the admin reads on the listeners page and in the log. */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }
}
