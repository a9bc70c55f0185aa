package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.PluginSettings;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** The plugin's settings page: the named shapers (add, change, remove unless used) and hidden-services visibility. */
public final class SettingsPage extends AdminPage<SettingsPage> {
    static final String PAGE = "componentlistener-settings.jsp";
    static final String NAME = "name";
    static final String RATE = "rate";

    private final List<ShaperRow> shapers = new ArrayList<>();
    private final Map<String, Message> errors = new LinkedHashMap<>();
    private String name = "";
    private String rate = "";
    private boolean usersCanSeeHidden;

    SettingsPage(AdminConsole console) {
        super(console);
    }

    public static SettingsPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new SettingsPage(AdminConsole.current()).serve(request, response);
    }

    @Override
    void post(AdminRequest request) {
        switch (request.param("action")) {
            case "saveShaper":
                saveShaper(request);
                break;
            case "removeShaper":
                removeShaper(request);
                break;
            case "saveHidden":
                boolean visible = !request.param(PluginSettings.USERS_CAN_SEE_HIDDEN_SERVICES_FIELD).isEmpty();
                console.settings().set(PluginSettings.USERS_CAN_SEE_HIDDEN_SERVICES, String.valueOf(visible));
                done(request, Notice.success("notice.hidden.saved", visible),
                    "Component Listener: users_can_see_hidden_services=" + visible, PAGE);
                break;
            default:
                refuse(Notice.error("notice.action.unknown", request.param("action")));
                break;
        }
    }

    private void saveShaper(AdminRequest request) {
        name = request.param(NAME);
        rate = request.param(RATE);
        Shapers.checkName(name).ifPresent(problem -> errors.put(NAME, problem));
        Shapers.checkRate(rate).ifPresent(problem -> errors.put(RATE, problem));
        if (!errors.isEmpty()) {
            refuse(Notice.error("notice.form.invalid"));
            return;
        }
        Shapers.define(console.settings(), Map.of(name, Long.parseLong(rate)));
        // Listeners whose settings name the shaper take its new rate at once.
        ListenerChanges.applyAll(console);
        done(request, Notice.success("notice.shaper.saved", name, rate), "Component Listener: shaper " + name + "="
            + rate, PAGE);
    }

    private void removeShaper(AdminRequest request) {
        String removed = request.param(NAME);
        List<String> users = usersOf(removed);
        if (!Shapers.read(console.settings()).defined().containsKey(removed)) {
            refuse(Notice.error("notice.shaper.unknown", removed));
        } else if (!users.isEmpty()) {
            refuse(Notice.error("notice.shaper.used", removed, String.join(", ", users)));
        } else {
            Shapers.remove(console.settings(), removed);
            done(request, Notice.success("notice.shaper.removed", removed),
                "Component Listener: removed shaper " + removed, PAGE);
        }
    }

    /** The listeners whose {@code shaper} is this one. */
    private List<String> usersOf(String shaper) {
        ListenerConfigs configs = console.configs();
        List<String> users = new ArrayList<>();
        for (String id : configs.listenerIds()) {
            if (configs.values(id).get(ListenerOption.SHAPER).equals(shaper)) {
                users.add(id);
            }
        }
        return users;
    }

    @Override
    void show(AdminRequest request) {
        Shapers known = Shapers.read(console.settings());
        known.all().forEach((shaper, bytesPerSecond) -> shapers.add(new ShaperRow(shaper, bytesPerSecond,
            Shapers.isBuiltIn(shaper), usersOf(shaper))));
        usersCanSeeHidden = PluginSettings.usersCanSeeHiddenServices(console.settings());
        if (name.isEmpty()) {
            name = request.param(NAME);
            rate = name.isEmpty() || !known.contains(name) ? "" : String.valueOf(known.rate(name));
        }
    }

    public List<ShaperRow> getShapers() {
        return shapers;
    }

    public Map<String, Message> getErrors() {
        return errors;
    }

    /** The shaper being added or changed. */
    public String getName() {
        return name;
    }

    public String getRate() {
        return rate;
    }

    public boolean isUsersCanSeeHidden() {
        return usersCanSeeHidden;
    }

    /** One shaper: built-ins cannot be changed; one in use cannot be removed. */
    public static final class ShaperRow {
        private final String name;
        private final long rate;
        private final boolean builtIn;
        private final List<String> usedBy;

        ShaperRow(String name, long rate, boolean builtIn, List<String> usedBy) {
            this.name = name;
            this.rate = rate;
            this.builtIn = builtIn;
            this.usedBy = usedBy;
        }

        public String getName() {
            return name;
        }

        /** Bytes per second; 0 for none. */
        public long getRate() {
            return rate;
        }

        public boolean isBuiltIn() {
            return builtIn;
        }

        public List<String> getUsedBy() {
            return usedBy;
        }
    }
}
