package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.importer.ConfigurationImport;
import org.jivesoftware.openfire.plugin.componentlistener.importer.ListenerDraft;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The import page: a pasted configuration of MongooseIM, ejabberd or Prosody is previewed, one row per component
 * listener section with a checkbox. A section that can be created as it is comes ticked; one that cannot (id or port
 * taken, port in use) comes unticked with its reasons, a free id and the next free port proposed, and, where the
 * plugin's own listener holds its port, the choice to replace that listener. Create makes exactly the ticked
 * sections, each whole or not at all, and reports each one.
 */
public final class ImportPage extends AdminPage<ImportPage> {
    static final String PAGE = "componentlistener-import.jsp";
    static final String TEXT = "toml";
    static final String CREATE = "create";
    /** The admin's confirmation that the file's per-component secrets go into Openfire's External Components. */
    static final String SECRETS = "secrets";

    private final List<ImportRow> rows = new ArrayList<>();
    private final List<Message> pageNotes = new ArrayList<>();
    private String text = "";
    private ConfigurationImport preview;

    ImportPage(AdminConsole console) {
        super(console);
    }

    public static ImportPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new ImportPage(AdminConsole.current()).serve(request, response);
    }

    @Override
    void post(AdminRequest request) {
        text = request.rawParam(TEXT);
        preview = ConfigurationImport.read(text, Shapers.read(console.settings()));
        if (preview.error().isPresent()) {
            return;
        }
        domainNote().ifPresent(pageNotes::add);
        pageNotes.addAll(preview.notes());
        boolean create = CREATE.equals(request.param("action"));
        List<ListenerDraft> drafts = preview.drafts();
        Set<String> sectionPorts = new HashSet<>();
        drafts.forEach(draft -> sectionPorts.add(draft.values().getOrDefault(ListenerOption.PORT,
            ListenerOption.PORT.defaultValue())));
        ImportChecks checks = new ImportChecks(console, sectionPorts);
        for (int i = 0; i < drafts.size(); i++) {
            rows.add(create ? ImportRow.chosen(i, drafts.get(i), choice(request, i, drafts.get(i)), checks)
                : ImportRow.proposed(i, drafts.get(i), checks));
        }
        if (create) {
            create(request);
        }
    }

    private static ImportRow.Choice choice(AdminRequest request, int index, ListenerDraft draft) {
        String id = request.param("id." + index);
        String port = request.param("port." + index);
        return new ImportRow.Choice(!request.param("take." + index).isEmpty(), id.isEmpty() ? draft.id() : id,
            port.isEmpty() ? draft.values().getOrDefault(ListenerOption.PORT, ListenerOption.PORT.defaultValue())
                : port, !request.param("replace." + index).isEmpty());
    }

    private void create(AdminRequest request) {
        List<Message> leftOut = new ArrayList<>();
        List<ImportRow> made = new ArrayList<>();
        for (ImportRow row : rows) {
            row.leftOut().ifPresentOrElse(leftOut::add, () -> made.add(row));
        }
        if (made.isEmpty()) {
            refuse(Notice.error("notice.import.none", Message.listed(leftOut)));
            return;
        }
        ListenerConfigs configs = console.configs();
        Shapers.define(console.settings(), shapersUsedBy(made));
        // Listeners on several ports of one Prosody file serve the same components: each secret is set once.
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ImportRow row : made) {
            // The replaced listener goes first: its port and perhaps its id are what the new one takes.
            row.replacing().ifPresent(configs::remove);
            configs.save(row.getId(), row.values());
            secrets.putAll(row.draft().componentSecrets());
        }
        Map<String, ListenerChange> changes = ListenerChanges.applyAll(console);
        List<Message> outcomes = new ArrayList<>();
        for (ImportRow row : made) {
            ListenerChange change = changes.get(row.getId());
            outcomes.add(row.replacing().map(replaced -> Message.of("import.outcome.replaced",
                ListenerChanges.outcomeOf(change), replaced)).orElse(ListenerChanges.outcomeOf(change)));
        }
        outcomes.addAll(leftOut);
        if (!request.param(SECRETS).isEmpty()) {
            outcomes.addAll(setSecrets(secrets));
        }
        List<String> ids = new ArrayList<>();
        made.forEach(row -> ids.add(row.getId()));
        done(request, Notice.success("notice.import.result", made.size(), rows.size(), Message.listed(outcomes)),
            "Component Listener: imported listeners " + String.join(", ", ids), LISTENERS_PAGE);
    }

    private Map<String, Long> shapersUsedBy(List<ImportRow> made) {
        Set<String> used = new LinkedHashSet<>();
        made.forEach(row -> used.add(row.values().get(ListenerOption.SHAPER)));
        Map<String, Long> shapers = new LinkedHashMap<>(preview.shapers());
        shapers.keySet().retainAll(used);
        return shapers;
    }

    /** Sets the created sections' per-component secrets in Openfire; says what was set, and what could not be. */
    private List<Message> setSecrets(Map<String, String> secrets) {
        String suffix = "." + console.openfire().xmppDomain();
        List<Message> outcomes = new ArrayList<>();
        secrets.forEach((domain, secret) -> {
            String lower = domain.toLowerCase(Locale.ROOT);
            if (lower.endsWith(suffix)) {
                console.openfire().setComponentSecret(lower.substring(0, lower.length() - suffix.length()), secret);
                outcomes.add(Message.of("import.outcome.secret", domain));
            } else {
                outcomes.add(Message.of("import.outcome.secret.outside", domain, suffix.substring(1)));
            }
        });
        return outcomes;
    }

    /**
     * When the file's server has other domains than Openfire: one remark, with the components whose domain must
     * change because it is not a subdomain of Openfire's.
     */
    private Optional<Message> domainNote() {
        String xmppDomain = console.openfire().xmppDomain();
        Set<String> others = new LinkedHashSet<>();
        preview.serverDomains().stream().filter(domain -> !domain.equalsIgnoreCase(xmppDomain)).forEach(others::add);
        if (others.isEmpty()) {
            return java.util.Optional.empty();
        }
        Set<String> outside = new LinkedHashSet<>();
        for (ListenerDraft draft : preview.drafts()) {
            draft.componentDomains().stream()
                .filter(domain -> !domain.toLowerCase(Locale.ROOT).endsWith("." + xmppDomain))
                .forEach(outside::add);
        }
        String files = String.join(", ", others);
        return java.util.Optional.of(outside.isEmpty()
            ? Message.of("import.note.domain", files, xmppDomain)
            : Message.of("import.note.domain.components", files, xmppDomain, String.join(", ", outside)));
    }

    @Override
    void show(AdminRequest request) {
        // The preview was filled by the POST; a GET shows the empty form.
    }

    /** The text as pasted, kept in the form between preview and creation. */
    public String getText() {
        return text;
    }

    public boolean isPreviewed() {
        return preview != null;
    }

    /** The format the text was recognised as; null before a preview. */
    public Message getFormat() {
        return preview == null ? null : preview.format().title();
    }

    /** Why the text could not be read at all (bad syntax with its line, or no component section); null otherwise. */
    public Message getError() {
        return preview == null ? null : preview.error().orElse(null);
    }

    /** Remarks about the file as a whole: the domain, entries skipped. */
    public List<Message> getNotes() {
        return pageNotes;
    }

    public List<ImportRow> getRows() {
        return rows;
    }

    /** The component domains the file gives secrets of their own, which Create sets in Openfire once confirmed. */
    public List<String> getSecretDomains() {
        List<String> domains = new ArrayList<>();
        rows.forEach(row -> domains.addAll(row.draft().componentSecrets().keySet()));
        return domains;
    }

    /** Shapers the import creates, as {@code name=bytesPerSecond}. */
    public List<String> getShapers() {
        List<String> shapers = new ArrayList<>();
        if (preview != null) {
            preview.shapers().forEach((name, rate) -> shapers.add(name + "=" + rate));
        }
        return shapers;
    }
}
