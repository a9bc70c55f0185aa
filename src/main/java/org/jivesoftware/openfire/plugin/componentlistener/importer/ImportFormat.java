package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The configuration formats the import reads, and how a pasted text is recognised as one of them: a Prosody file has
 * {@code Component "name"} or {@code component_ports =} lines, an ejabberd file a top-level {@code listen:} or
 * {@code hosts:} YAML key; anything else is read as MongooseIM's TOML, whose own errors then say what is wrong.
 */
public enum ImportFormat {
    MONGOOSEIM("mim-"),
    EJABBERD("ejabberd-"),
    PROSODY("prosody-");

    private static final Pattern PROSODY_LINE =
        Pattern.compile("(?m)^\\s*(Component\\s*[\"'\\[(]|component_ports\\s*=|VirtualHost\\s*[\"'\\[(])");
    private static final Pattern EJABBERD_KEY = Pattern.compile("(?m)^(listen|hosts)\\s*:");

    private final String idPrefix;

    ImportFormat(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** The format the text is written in. */
    static ImportFormat recognise(String text) {
        if (PROSODY_LINE.matcher(text).find()) {
            return PROSODY;
        }
        return EJABBERD_KEY.matcher(text).find() ? EJABBERD : MONGOOSEIM;
    }

    /** How imported listener ids of this format begin, e.g. {@code mim-} for {@code mim-8888}. */
    String idPrefix() {
        return idPrefix;
    }

    /** The format's name as the page shows it. */
    public Message title() {
        return Message.of("import.format." + name().toLowerCase(Locale.ROOT));
    }
}
