package org.jivesoftware.openfire.plugin.componentlistener.tls;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** Why a listener cannot serve TLS: the reason is what the admin reads on the listeners page (and, in English, in
 * the log). */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Message reason;

    public TlsSetupException(Message reason) {
        super(reason.english());
        this.reason = reason;
    }

    public Message reason() {
        return reason;
    }
}
