package org.jivesoftware.openfire.plugin.componentlistener.message;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A text the admin reads: a key of the plugin's i18n bundle and its arguments. The admin console renders it in the
 * admin's language ({@code fmt:message}); the log renders it in English, the bundle's default text. An argument is
 * data (an id, an address, a file name: kept as its text; a count: kept as a number) or itself a message, rendered
 * the same way. Immutable.
 */
public final class Message {
    /** The plugin's i18n bundle, as Openfire names it after the plugin. */
    public static final String BUNDLE = "componentlistener_i18n";
    /** The key of a text that is data, not a sentence of the plugin (what an older cluster node said, as it is). */
    static final String TEXT = "message.text";
    /** The key of two messages shown one after the other, as reasons are. */
    static final String JOINED = "message.joined";
    /** The key of two messages in a list. */
    static final String LISTED = "message.listed";

    private final String key;
    private final List<Object> args;

    private Message(String key, List<Object> args) {
        this.key = Objects.requireNonNull(key);
        this.args = Collections.unmodifiableList(args);
    }

    /**
     * The message {@code key} with its arguments. A message or a number stays what it is (a number is formatted
     * for the reader's language, as {@code fmt:param} does); anything else is kept as its text.
     */
    public static Message of(String key, Object... args) {
        List<Object> kept = new ArrayList<>();
        for (Object arg : args) {
            kept.add(arg instanceof Message || arg instanceof Number ? arg : String.valueOf(arg));
        }
        return new Message(key, kept);
    }

    /** A text shown as it is: one from elsewhere (an older cluster node's English), or none ({@code ""}). */
    public static Message text(String text) {
        return of(TEXT, text);
    }

    /** The messages one after the other, separated by {@code "; "}; {@code text("")} for none. */
    public static Message joined(List<Message> messages) {
        return chain(JOINED, messages);
    }

    /** The messages as a list, separated by {@code ", "}; {@code text("")} for none. */
    public static Message listed(List<Message> messages) {
        return chain(LISTED, messages);
    }

    /** Nests the messages in pairs from the end: {@code a, b, c} becomes {@code key(a, key(b, c))}. */
    private static Message chain(String key, List<Message> messages) {
        if (messages.isEmpty()) {
            return text("");
        }
        Message chained = messages.get(messages.size() - 1);
        for (int i = messages.size() - 2; i >= 0; i--) {
            chained = of(key, messages.get(i), chained);
        }
        return chained;
    }

    public String key() {
        return key;
    }

    /** Each argument: a {@link Message}, a {@link Number} or a {@link String}. */
    public List<Object> args() {
        return args;
    }

    /** For the pages: each argument with whether it is a message to render. */
    public List<Argument> getArguments() {
        List<Argument> arguments = new ArrayList<>();
        args.forEach(arg -> arguments.add(new Argument(arg)));
        return arguments;
    }

    public String getKey() {
        return key;
    }

    /** Rendered with the bundle's default (English) texts, as the log shows it. */
    public String english() {
        return render(English.BUNDLE);
    }

    /**
     * Rendered with the given bundle as {@code fmt:message} does: the text as it is when there are no arguments,
     * through {@link MessageFormat} when there are. A key the bundle lacks shows as the key and its arguments.
     */
    public String render(ResourceBundle bundle) {
        Object[] rendered = new Object[args.size()];
        for (int i = 0; i < rendered.length; i++) {
            Object arg = args.get(i);
            rendered[i] = arg instanceof Message ? ((Message) arg).render(bundle) : arg;
        }
        String pattern;
        try {
            pattern = bundle == null ? null : bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = null;
        }
        if (pattern == null) {
            return key + List.of(rendered);
        }
        return rendered.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(rendered);
    }

    /** Renders the messages in English, separated by {@code "; "}: for the log. */
    public static String english(List<Message> messages) {
        return joined(messages).english();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message && key.equals(((Message) o).key) && args.equals(((Message) o).args);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, args);
    }

    /** The key and arguments, so that a test failure says which message it was. */
    @Override
    public String toString() {
        return key + args;
    }

    /** One argument as a page renders it: a nested message, or a value. */
    public static final class Argument {
        private final Object arg;

        Argument(Object arg) {
            this.arg = arg;
        }

        /** The nested message, or null. */
        public Message getMessage() {
            return arg instanceof Message ? (Message) arg : null;
        }

        /** The number, or null. */
        public Number getNumber() {
            return arg instanceof Number ? (Number) arg : null;
        }

        /** The text, or null. */
        public String getText() {
            return arg instanceof String ? (String) arg : null;
        }
    }

    /** The bundle's default texts, loaded once; absent only if the bundle is not on the class path. */
    private static final class English {
        static final ResourceBundle BUNDLE = load();

        private static ResourceBundle load() {
            try {
                return ResourceBundle.getBundle(Message.BUNDLE, Locale.ROOT, Message.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            } catch (MissingResourceException e) {
                return null;
            }
        }
    }
}
