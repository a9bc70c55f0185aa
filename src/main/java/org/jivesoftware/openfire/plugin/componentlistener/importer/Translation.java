package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** What one MongooseIM setting becomes in the plugin: a value, a reason why there is none, or a value with a remark. */
final class Translation {
    private final String value;
    private final Message note;

    private Translation(String value, Message note) {
        this.value = value;
        this.note = note;
    }

    static Translation mapped(String value) {
        return new Translation(value, null);
    }

    static Translation mappedWithNote(String value, Message note) {
        return new Translation(value, note);
    }

    static Translation refused(Message reason) {
        return new Translation(null, reason);
    }

    /** The plugin's value; empty when the setting has no equivalent. */
    Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Why the setting was not mapped, or what the admin should know about how it was. */
    Optional<Message> note() {
        return Optional.ofNullable(note);
    }
}
