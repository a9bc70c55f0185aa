package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.List;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** One input of the listener form, derived from the option's definition. */
public final class FormField {
    private final ListenerOption option;
    private final String value;
    private final List<String> choices;
    private final Message error;

    FormField(ListenerOption option, String value, List<String> choices, Message error) {
        this.option = option;
        this.value = value;
        this.choices = choices;
        this.error = error;
    }

    /** The field's name: the option's own. */
    public String getName() {
        return option.key();
    }

    /** How it is entered: checkbox, number, select, password or text. */
    public String getInput() {
        switch (option.kind()) {
            case BOOLEAN:
                return "checkbox";
            case INTEGER:
            case OPTIONAL_INTEGER:
                return "number";
            case CHOICE:
                return "select";
            case SECRET:
                return "password";
            default:
                return choices.isEmpty() ? "text" : "select";
        }
    }

    /** What was typed, or stored, or the default; empty for the password. */
    public String getValue() {
        return value;
    }

    public boolean isChecked() {
        return Boolean.parseBoolean(value);
    }

    public String getDefaultValue() {
        return option.defaultValue();
    }

    public long getMin() {
        return option.min();
    }

    public long getMax() {
        return option.max();
    }

    public List<String> getChoices() {
        return choices;
    }

    public String getHelpKey() {
        return option.descriptionKey();
    }

    /** Why the value was refused; null when it was not. */
    public Message getError() {
        return error;
    }
}
