package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.List;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** The outcome of a change, or why it was refused: a message the page renders, shown as success or error. */
public final class Notice {
    private final Message message;
    private final boolean error;

    private Notice(Message message, boolean error) {
        this.message = message;
        this.error = error;
    }

    static Notice success(String key, Object... args) {
        return new Notice(Message.of(key, args), false);
    }

    static Notice error(String key, Object... args) {
        return new Notice(Message.of(key, args), true);
    }

    public Message getMessage() {
        return message;
    }

    public String getKey() {
        return message.key();
    }

    public List<Object> getArgs() {
        return message.args();
    }

    public boolean isError() {
        return error;
    }

    @Override
    public String toString() {
        return message.toString();
    }
}
