package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.List;

/** A message for the admin: an i18n key and its arguments, rendered by the page with {@code fmt:message}. */
public final class Notice {
    private final String key;
    private final List<Object> args;
    private final boolean error;

    private Notice(String key, boolean error, Object... args) {
        this.key = key;
        this.error = error;
        this.args = List.of(args);
    }

    static Notice success(String key, Object... args) {
        return new Notice(key, false, args);
    }

    static Notice error(String key, Object... args) {
        return new Notice(key, true, args);
    }

    public String getKey() {
        return key;
    }

    public List<Object> getArgs() {
        return args;
    }

    public boolean isError() {
        return error;
    }

    @Override
    public String toString() {
        return key + args;
    }
}
