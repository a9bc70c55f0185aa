package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore.Permission;

/**
 * The Component Privileges page (XEP-0356): the grants of each component domain (add, change, remove). Saved to the
 * system properties, from which every node's plugin picks them up and tells the connected component.
 */
public final class PrivilegesPage extends AdminPage<PrivilegesPage> {
    static final String PAGE = "componentlistener-privileges.jsp";
    static final String DOMAIN = "domain";

    private final List<Row> rows = new ArrayList<>();
    private final List<Message> problems = new ArrayList<>();
    private String domain = "";
    private final Map<String, String> values = new LinkedHashMap<>();

    PrivilegesPage(AdminConsole console) {
        super(console);
    }

    public static PrivilegesPage handle(HttpServletRequest request, HttpServletResponse response) {
        return new PrivilegesPage(AdminConsole.current()).serve(request, response);
    }

    private GrantStore store() {
        return new GrantStore(console.settings());
    }

    @Override
    void post(AdminRequest request) {
        switch (request.param("action")) {
            case "save":
                save(request);
                break;
            case "remove":
                String removed = request.param(DOMAIN).trim().toLowerCase(Locale.ROOT);
                store().delete(removed);
                done(request, Notice.success("notice.privileges.removed", removed),
                    "Component Listener: removed the privileges of " + removed, PAGE);
                break;
            default:
                refuse(Notice.error("notice.action.unknown", request.param("action")));
                break;
        }
    }

    private void save(AdminRequest request) {
        domain = request.param(DOMAIN).trim().toLowerCase(Locale.ROOT);
        Map<Permission, String> form = new EnumMap<>(Permission.class);
        for (Permission permission : Permission.values()) {
            form.put(permission, request.param(permission.key()));
            values.put(permission.key(), request.param(permission.key()));
        }
        problems.addAll(store().save(domain, form));
        if (!problems.isEmpty()) {
            refuse(Notice.error("notice.form.invalid"));
            return;
        }
        done(request, Notice.success("notice.privileges.saved", domain), "Component Listener: privileges of "
            + domain + " " + store().read(domain).grants(), PAGE);
    }

    @Override
    void show(AdminRequest request) {
        for (GrantStore.Read read : store().readAll()) {
            rows.add(new Row(read));
        }
        if (domain.isEmpty() && !request.param(DOMAIN).isEmpty()) {
            domain = request.param(DOMAIN);
            store().read(domain).values().forEach((permission, value) -> values.put(permission.key(), value));
        }
    }

    public List<Row> getRows() {
        return rows;
    }

    /** What was wrong with the submitted grants. */
    public List<Message> getProblems() {
        return problems;
    }

    /** The domain being added or changed. */
    public String getDomain() {
        return domain;
    }

    /** The form's values by permission key (roster, roster_push, message, presence, iq). */
    public Map<String, String> getValues() {
        return values;
    }

    /** One domain's grants as saved, and what is wrong with them if anything (then it is granted nothing). */
    public static final class Row {
        private final String domain;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final boolean rosterPush;
        private final List<Message> problems;

        Row(GrantStore.Read read) {
            this.domain = read.domain();
            read.values().forEach((permission, value) -> values.put(permission.key(), value));
            this.rosterPush = read.grants().rosterPush();
            this.problems = read.problems();
        }

        public String getDomain() {
            return domain;
        }

        public Map<String, String> getValues() {
            return values;
        }

        /** Whether roster pushes are sent, the default applied. */
        public boolean isRosterPush() {
            return rosterPush;
        }

        public List<Message> getProblems() {
            return problems;
        }
    }
}
