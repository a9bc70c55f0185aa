package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.importer.ListenerDraft;
import org.jivesoftware.openfire.plugin.componentlistener.importer.MongooseImport;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The import page: a pasted {@code mongooseim.toml} is previewed (one listener per service section, what maps and
 * what does not), and created only when the admin confirms. Listeners whose id exists or whose port is taken (as
 * in the listener form) are refused, and then nothing is created.
 */
public final class ImportPage extends AdminPage<ImportPage> {
    static final String PAGE = "componentlistener-import.jsp";
    static final String TEXT = "toml";

    private final List<DraftRow> drafts = new ArrayList<>();
    private String text = "";
    private MongooseImport preview;

    ImportPage(AdminConsole console) {
        super(console);
    }

    public static ImportPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new ImportPage(AdminConsole.current()).serve(request, response);
    }

    @Override
    void post(AdminRequest request) {
        text = request.rawParam(TEXT);
        preview = MongooseImport.parse(text, Shapers.read(console.settings()));
        boolean refused = checkDrafts();
        if (!"create".equals(request.param("action")) || preview.error().isPresent()) {
            return;
        }
        if (refused || preview.drafts().isEmpty()) {
            refuse(Notice.error("notice.import.refused"));
            return;
        }
        Shapers.define(console.settings(), preview.shapers());
        ListenerConfigs configs = console.configs();
        List<String> created = new ArrayList<>();
        for (ListenerDraft draft : preview.drafts()) {
            configs.save(draft.id(), draft.values());
            created.add(draft.id());
        }
        Map<String, ListenerChange> changes = ListenerChanges.applyAll(console);
        List<Message> outcomes = new ArrayList<>();
        for (String id : created) {
            outcomes.add(ListenerChanges.outcomeOf(changes.get(id)));
        }
        done(request, Notice.success("notice.import.created", created.size(), Message.listed(outcomes)),
            "Component Listener: imported listeners " + String.join(", ", created), LISTENERS_PAGE);
    }

    /** Fills the preview rows; true when any draft cannot be created (its id exists, or its port is taken). */
    private boolean checkDrafts() {
        ListenerConfigs configs = console.configs();
        Map<Integer, String> openfirePorts = console.openfire().openfirePorts();
        boolean refused = false;
        for (ListenerDraft draft : preview.drafts()) {
            List<Message> problems = new ArrayList<>();
            configs.checkNewId(draft.id()).ifPresent(problems::add);
            String port = draft.values().getOrDefault(ListenerOption.PORT, ListenerOption.PORT.defaultValue());
            configs.portConflict(draft.id(), port, openfirePorts).ifPresent(problems::add);
            refused |= !problems.isEmpty();
            drafts.add(new DraftRow(draft, problems));
        }
        return refused;
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

    /** Why the text could not be read at all (bad TOML with its line, or no service section); null otherwise. */
    public Message getError() {
        return preview == null ? null : preview.error().orElse(null);
    }

    public List<Message> getNotes() {
        return preview == null ? List.of() : preview.notes();
    }

    public List<DraftRow> getDrafts() {
        return drafts;
    }

    /** Shapers the import creates, as {@code name=bytesPerSecond}. */
    public List<String> getShapers() {
        List<String> shapers = new ArrayList<>();
        if (preview != null) {
            preview.shapers().forEach((name, rate) -> shapers.add(name + "=" + rate));
        }
        return shapers;
    }

    /** One listener to be created, its options as they will be stored (the password only as being set). */
    public static final class DraftRow {
        private final ListenerDraft draft;
        private final List<Message> problems;

        DraftRow(ListenerDraft draft, List<Message> problems) {
            this.draft = draft;
            this.problems = problems;
        }

        public String getId() {
            return draft.id();
        }

        /** The address, then the options not at their defaults. */
        public Message getOptions() {
            Map<ListenerOption, String> values = ListenerOption.defaults();
            values.putAll(draft.values());
            List<Message> options = new ArrayList<>(List.of(Message.text(values.get(ListenerOption.IP_ADDRESS) + ":"
                + values.get(ListenerOption.PORT))));
            options.addAll(ListenerChanges.changedOptions(values));
            return Message.listed(options);
        }

        public List<Message> getNotes() {
            return draft.notes();
        }

        /** Why it cannot be created; empty when it can. */
        public List<Message> getProblems() {
            return problems;
        }
    }
}
