package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * What a pasted configuration of another server would become in this plugin: one listener draft per component
 * listener section, the shapers they need, the domains the file serves, and remarks about the file as a whole.
 * Nothing is saved here: the import page shows it and, once the admin confirms, creates what was ticked.
 */
public final class ConfigurationImport {
    private final ImportFormat format;
    private final List<ListenerDraft> drafts;
    private final Map<String, Long> shapers;
    private final List<String> serverDomains;
    private final Message error;
    private final List<Message> notes;

    ConfigurationImport(ImportFormat format, List<ListenerDraft> drafts, Map<String, Long> shapers,
                        List<String> serverDomains, List<Message> notes) {
        this(format, drafts, shapers, serverDomains, null, notes);
    }

    private ConfigurationImport(ImportFormat format, List<ListenerDraft> drafts, Map<String, Long> shapers,
                                List<String> serverDomains, Message error, List<Message> notes) {
        this.format = format;
        this.drafts = List.copyOf(drafts);
        this.shapers = Collections.unmodifiableMap(new LinkedHashMap<>(shapers));
        this.serverDomains = List.copyOf(serverDomains);
        this.error = error;
        this.notes = List.copyOf(notes);
    }

    static ConfigurationImport failed(ImportFormat format, Message error) {
        return new ConfigurationImport(format, List.of(), Map.of(), List.of(), error, List.of());
    }

    /**
     * Reads the pasted text in the format it is recognised as (see {@link ImportFormat#recognise}).
     *
     * @param text     what the admin pasted
     * @param existing the shapers the plugin has now, so that one with the same name and rate is reused
     */
    public static ConfigurationImport read(String text, Shapers existing) {
        String pasted = text == null ? "" : text;
        switch (ImportFormat.recognise(pasted)) {
            case PROSODY:
                return ProsodyImport.parse(pasted);
            case EJABBERD:
                return EjabberdImport.parse(pasted, existing);
            case MONGOOSEIM:
            default:
                return MongooseImport.parse(pasted, existing);
        }
    }

    /** The format the text was recognised as. */
    public ImportFormat format() {
        return format;
    }

    /** One draft per component listener section, in the order of the text; empty when {@link #error()} is set. */
    public List<ListenerDraft> drafts() {
        return drafts;
    }

    /** Shapers the drafts use that the plugin does not have yet: name to bytes per second, to define first. */
    public Map<String, Long> shapers() {
        return shapers;
    }

    /** The XMPP domains the file's server hosts (MongooseIM's hosts, ejabberd's hosts, Prosody's VirtualHosts). */
    public List<String> serverDomains() {
        return serverDomains;
    }

    /** Why nothing could be imported: the text cannot be read, or it has no component listener section. */
    public Optional<Message> error() {
        return Optional.ofNullable(error);
    }

    /** Remarks about the text as a whole rather than about one draft. */
    public List<Message> notes() {
        return notes;
    }
}
