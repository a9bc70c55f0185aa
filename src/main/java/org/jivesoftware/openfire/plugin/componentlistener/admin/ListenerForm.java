package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The add and edit form of a listener. Its fields are named like the options ({@code id} for the listener's id);
 * every value is checked by {@link ListenerOption#validate}, the same definition the property reader uses, and the
 * port against the other listeners and Openfire's own. Nothing is stored unless every field is valid; then the
 * listener is applied at once and the admin told what that did.
 */
public final class ListenerForm extends AdminPage<ListenerForm> {
    static final String ID = "id";
    /** Checkbox beside the password: empties it (a blank password field keeps the stored one). */
    static final String CLEAR_PASSWORD = "password_clear";

    private final Map<ListenerOption, String> values = new EnumMap<>(ListenerOption.class);
    private final Map<String, Message> errors = new LinkedHashMap<>();
    private String id = "";
    private boolean adding = true;
    private boolean passwordStored;

    ListenerForm(AdminConsole console) {
        super(console);
    }

    public static ListenerForm handle(HttpServletRequest request, HttpServletResponse response) {
        return new ListenerForm(AdminConsole.current()).serve(request, response);
    }

    @Override
    void post(AdminRequest request) {
        load(request.param(ID), request.param("mode").equals("edit"));
        bind(request);
        if (validate()) {
            ListenerChange change = save();
            done(request, ListenerChanges.noticeOf(change), "Component Listener: " + (adding ? "added" : "edited")
                + " listener " + id, LISTENERS_PAGE);
        } else {
            refuse(Notice.error("notice.form.invalid"));
        }
    }

    @Override
    void show(AdminRequest request) {
        if (values.isEmpty()) {
            String requested = request.param(ID);
            load(requested, !requested.isEmpty());
        }
    }

    /** Starts from the stored listener when editing, from the defaults when adding. */
    void load(String listenerId, boolean edit) {
        ListenerConfigs configs = console.configs();
        id = listenerId;
        adding = !(edit && configs.listenerIds().contains(listenerId));
        values.putAll(adding ? ListenerOption.defaults() : configs.values(listenerId));
        passwordStored = !values.get(ListenerOption.PASSWORD).isEmpty();
    }

    /** Takes the submitted fields: an unticked checkbox is false, a blank password keeps the stored one. */
    void bind(AdminRequest request) {
        for (ListenerOption option : ListenerOption.values()) {
            switch (option.kind()) {
                case BOOLEAN:
                    values.put(option, String.valueOf(!request.param(option.key()).isEmpty()));
                    break;
                case SECRET:
                    String typed = request.rawParam(option.key());
                    if (!request.param(CLEAR_PASSWORD).isEmpty()) {
                        values.put(option, "");
                    } else if (!typed.isEmpty()) {
                        values.put(option, typed);
                    }
                    break;
                default:
                    values.put(option, request.param(option.key()));
                    break;
            }
        }
    }

    /** Checks every field; true when all are valid. Each bad field gets its message. */
    boolean validate() {
        ListenerConfigs configs = console.configs();
        if (adding) {
            configs.checkNewId(id).ifPresent(error -> errors.put(ID, error));
        }
        values.forEach((option, value) -> option.validate(value).ifPresent(error -> errors.put(option.key(), error)));
        ListenerOption.validateTogether(values).forEach((option, error) -> errors.putIfAbsent(option.key(), error));
        if (!errors.containsKey(ListenerOption.SHAPER.key())) {
            Shapers.read(console.settings()).checkKnown(values.get(ListenerOption.SHAPER))
                .ifPresent(unknown -> errors.put(ListenerOption.SHAPER.key(), unknown));
        }
        if (!errors.containsKey(ListenerOption.PORT.key())) {
            configs.portConflict(id, values.get(ListenerOption.PORT), console.openfire().openfirePorts())
                .ifPresent(conflict -> errors.put(ListenerOption.PORT.key(), conflict));
        }
        return errors.isEmpty();
    }

    /** Stores the valid values and applies them now. */
    ListenerChange save() {
        console.configs().save(id, values);
        return ListenerChanges.apply(console, id);
    }

    /** The fields in the order of the option definition, each with what the page needs to render it. */
    public List<FormField> getFields() {
        List<String> shapers = new ArrayList<>(Shapers.read(console.settings()).all().keySet());
        List<FormField> fields = new ArrayList<>();
        for (ListenerOption option : ListenerOption.values()) {
            boolean secret = option.kind() == ListenerOption.Kind.SECRET;
            List<String> choices = option == ListenerOption.SHAPER ? shapers : option.choices();
            fields.add(new FormField(option, secret ? "" : values.get(option), choices, errors.get(option.key())));
        }
        return fields;
    }

    public String getId() {
        return id;
    }

    public Message getIdError() {
        return errors.get(ID);
    }

    public boolean isAdding() {
        return adding;
    }

    /** Whether a password is stored (never what it is). */
    public boolean isPasswordStored() {
        return passwordStored;
    }

    /** Field name to message, for every field refused. */
    public Map<String, Message> getErrors() {
        return errors;
    }
}
