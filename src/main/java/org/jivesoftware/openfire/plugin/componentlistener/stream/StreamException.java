package org.jivesoftware.openfire.plugin.componentlistener.stream;

import org.xmpp.packet.StreamError;

/** A condition that ends the stream with a stream error. */
public final class StreamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StreamError.Condition condition;

    public StreamException(StreamError.Condition condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    public StreamError.Condition condition() {
        return condition;
    }

    /** The error as sent on the wire, with the text when there is one. */
    public StreamError toStreamError() {
        String text = getMessage();
        return text == null ? new StreamError(condition) : new StreamError(condition, text, "en");
    }
}
