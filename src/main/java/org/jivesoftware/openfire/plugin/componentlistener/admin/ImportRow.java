package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.importer.ListenerDraft;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * One section of an import on the page: ticked or not, the id and port it would be created with, why it cannot be
 * created that way, and the fixes offered (another port, or replacing the plugin's listener on its port).
 */
public final class ImportRow {
    private final int index;
    private final ListenerDraft draft;
    private final String id;
    private final String port;
    private final boolean ticked;
    private final boolean replace;
    private final List<Message> problems;
    private final String replaceable;
    private final int replaceableComponents;

    private ImportRow(int index, ListenerDraft draft, Choice choice, List<Message> problems, ImportChecks checks) {
        this.index = index;
        this.draft = draft;
        this.id = choice.id;
        this.port = choice.port;
        this.ticked = choice.ticked;
        this.replace = choice.replace;
        this.problems = List.copyOf(problems);
        this.replaceable = checks.listenerOnPort(draft.values().getOrDefault(ListenerOption.PORT,
            ListenerOption.PORT.defaultValue())).orElse(null);
        this.replaceableComponents = replaceable == null ? 0 : checks.componentsOf(replaceable);
    }

    /**
     * The section as the preview proposes it: ticked when it can be created as it is; otherwise unticked with its
     * reasons, and a free id and the next free port in place of those that are taken.
     */
    static ImportRow proposed(int index, ListenerDraft draft, ImportChecks checks) {
        String port = portOf(draft);
        List<Message> problems = checks.problems(draft.id(), port, addressOf(draft), null);
        if (problems.isEmpty()) {
            checks.claim(draft.id(), port);
            return new ImportRow(index, draft, new Choice(true, draft.id(), port, false), problems, checks);
        }
        String id = checks.freeId(draft.id());
        String proposedPort = checks.problems(id, port, addressOf(draft), null).isEmpty() ? port
            : checks.nextFreePort(port, addressOf(draft)).orElse(port);
        checks.claim(id, proposedPort);
        return new ImportRow(index, draft, new Choice(false, id, proposedPort, false), problems, checks);
    }

    /**
     * The section as the admin chose it on the page. A ticked section that still cannot be created keeps its
     * reasons; with "replace", it takes the port of the plugin's listener there, which is removed when it is made.
     */
    static ImportRow chosen(int index, ListenerDraft draft, Choice choice, ImportChecks checks) {
        String replacing = choice.replace ? checks.listenerOnPort(portOf(draft)).orElse(null) : null;
        Choice effective = replacing == null ? choice : new Choice(choice.ticked, choice.id, portOf(draft), true);
        List<Message> problems = effective.ticked
            ? checks.problems(effective.id, effective.port, addressOf(draft), replacing) : List.of();
        if (effective.ticked && problems.isEmpty()) {
            checks.claim(effective.id, effective.port);
        }
        return new ImportRow(index, draft, effective, problems, checks);
    }

    private static String portOf(ListenerDraft draft) {
        return draft.values().getOrDefault(ListenerOption.PORT, ListenerOption.PORT.defaultValue());
    }

    private static String addressOf(ListenerDraft draft) {
        return draft.values().getOrDefault(ListenerOption.IP_ADDRESS, ListenerOption.IP_ADDRESS.defaultValue());
    }

    /** Ticked and nothing in the way: Create makes it. */
    boolean creatable() {
        return ticked && problems.isEmpty();
    }

    /** The listener it replaces, when the admin chose so. */
    Optional<String> replacing() {
        return replace ? Optional.ofNullable(replaceable) : Optional.empty();
    }

    /** The options the listener is created with: the section's, on the chosen port. */
    Map<ListenerOption, String> values() {
        Map<ListenerOption, String> values = new EnumMap<>(ListenerOption.class);
        values.putAll(draft.values());
        values.put(ListenerOption.PORT, port);
        return values;
    }

    ListenerDraft draft() {
        return draft;
    }

    /** What Create did not do with it, and why; empty when it is created. */
    Optional<Message> leftOut() {
        if (!ticked) {
            return Optional.of(Message.of("import.outcome.unticked", id));
        }
        return problems.isEmpty() ? Optional.empty()
            : Optional.of(Message.of("import.outcome.leftout", id, Message.joined(problems)));
    }

    /** The row's number in the form: its fields are {@code take.N}, {@code id.N}, {@code port.N}, {@code replace.N}. */
    public int getIndex() {
        return index;
    }

    public String getId() {
        return id;
    }

    /** The section's id in the file's terms, e.g. {@code mim-8888}: shown when the proposed id differs. */
    public String getSectionId() {
        return draft.id();
    }

    public String getPort() {
        return port;
    }

    public boolean isTicked() {
        return ticked;
    }

    public boolean isReplace() {
        return replace;
    }

    /** The plugin's listener on the section's own port, which the section may replace; null when there is none. */
    public String getReplaceable() {
        return replaceable;
    }

    /** "Replace listener X (N components connected)"; null when there is no listener to replace. */
    public Message getReplaceLabel() {
        return replaceable == null ? null : Message.of("import.fix.replace", replaceable, replaceableComponents);
    }

    /** The address, then the options not at their defaults. */
    public Message getOptions() {
        Map<ListenerOption, String> values = ListenerOption.defaults();
        values.putAll(draft.values());
        List<Message> options = new ArrayList<>(List.of(Message.text(values.get(ListenerOption.IP_ADDRESS) + ":"
            + portOf(draft))));
        options.addAll(ListenerChanges.changedOptions(values));
        return Message.listed(options);
    }

    public List<Message> getNotes() {
        return draft.notes();
    }

    /** Why it cannot be created as it is (in the preview) or as chosen (after Create); empty when it can. */
    public List<Message> getProblems() {
        return problems;
    }

    /** What the admin chose for one section: ticked, the id and port, and whether it replaces a listener. */
    static final class Choice {
        private final boolean ticked;
        private final String id;
        private final String port;
        private final boolean replace;

        Choice(boolean ticked, String id, String port, boolean replace) {
            this.ticked = ticked;
            this.id = id;
            this.port = port;
            this.replace = replace;
        }
    }
}
