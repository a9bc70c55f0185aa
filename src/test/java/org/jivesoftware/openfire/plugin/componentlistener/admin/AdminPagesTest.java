package org.jivesoftware.openfire.plugin.componentlistener.admin;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.FakeBrowser;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.RecordingOpenfireAdmin;
import org.jivesoftware.openfire.plugin.componentlistener.support.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page models behind the admin console, driven by requests as a browser sends them. */
class AdminPagesTest {
    private final ConsoleFixture console = new ConsoleFixture();
    private final FakeBrowser browser = new FakeBrowser();

    @AfterEach
    void close() {
        console.close();
    }

    /** Every field of the form as a browser sends it for the defaults (an unticked checkbox is not sent). */
    private static Map<String, String> defaultFields(String id, int port) {
        Map<String, String> fields = new HashMap<>();
        for (ListenerOption option : ListenerOption.values()) {
            if (option.kind() != ListenerOption.Kind.BOOLEAN) {
                fields.put(option.key(), option.defaultValue());
            } else if (Boolean.parseBoolean(option.defaultValue())) {
                fields.put(option.key(), "true");
            }
        }
        fields.put("id", id);
        fields.put("port", String.valueOf(port));
        fields.put("password", SECRET);
        return fields;
    }

    private ListenerForm showForm(Map<String, String> query) {
        return ListenerForm.handle(browser.get(query), browser.response());
    }

    private ListenerForm submitForm(Map<String, String> fields) {
        return ListenerForm.handle(browser.post(fields), browser.response());
    }

    private ListenersPage showListeners() {
        return ListenersPage.handle(browser.get(Map.of()), browser.response());
    }

    private static Map<String, String> with(Map<String, String> fields, String... pairs) {
        Map<String, String> changed = new HashMap<>(fields);
        for (int i = 0; i < pairs.length; i += 2) {
            changed.put(pairs[i], pairs[i + 1]);
        }
        return changed;
    }

    @Test
    void addingAListenerStoresOnlyWhatDiffersAndStartsItAtOnce() throws Exception {
        int port = Ports.free();
        showForm(Map.of());
        ListenerForm form = submitForm(with(defaultFields("gateways", port), "conflict_behaviour", "kick_old"));

        assertEquals(AdminPage.LISTENERS_PAGE, form.getRedirect(), form.getErrors().toString());
        assertTrue(Ports.isOpen(port));
        assertEquals(Map.of(ListenerOption.PORT, String.valueOf(port), ListenerOption.PASSWORD, SECRET,
            ListenerOption.CONFLICT_BEHAVIOUR, "kick_old"), storedOptions("gateways"));
        assertEquals("gateways", console.settings.get("plugin.componentlistener.listeners"));
        ListenersPage page = showListeners();
        assertEquals("change.started", page.getNotice().getKey());
        assertEquals(List.of("gateways", "127.0.0.1:" + port, 0, Message.text("")), page.getNotice().getArgs());
        assertEquals("running", page.getRows().get(0).getState());
        assertEquals(Message.listed(List.of(Message.of("listeners.option.set", "password"),
            Message.of("listeners.option.value", "conflict_behaviour", "kick_old"))),
            page.getRows().get(0).getChangedOptions());
        assertTrue(console.admin.audit().get(0).startsWith("Component Listener: added listener gateways"));
        assertFalse(console.admin.audit().get(0).contains(SECRET), "no secret in the audit log");
    }

    @Test
    void tlsCertificateFilesAreCheckedTogetherAndABadCertificateIsShownWithItsReason(@TempDir Path files)
        throws Exception {
        int port = Ports.free();
        Path chain = files.resolve("chain.pem");
        Path key = files.resolve("key.pem");
        showForm(Map.of());
        ListenerForm form = submitForm(with(defaultFields("secure", port), "tls", "direct", "tls_certfile",
            chain.toString()));
        assertEquals(Map.of("tls_keyfile", Message.of("error.option.together", "tls_keyfile", "tls_certfile")),
            form.getErrors());
        assertNull(console.settings.get(ListenerConfigs.LISTENERS), "nothing saved");

        form = submitForm(with(defaultFields("secure", port), "tls", "direct", "tls_certfile", chain.toString(),
            "tls_keyfile", key.toString()));
        assertEquals(AdminPage.LISTENERS_PAGE, form.getRedirect(), form.getErrors().toString());
        ListenersPage page = showListeners();
        Message missing = Message.of("error.tls.file.missing", "tls_certfile", chain);
        assertEquals("change.failed", page.getNotice().getKey());
        assertEquals(List.of("secure", "", 0, missing), page.getNotice().getArgs());
        assertEquals("failed", page.getRows().get(0).getState());
        assertEquals(List.of(missing), page.getRows().get(0).getProblems());
        assertFalse(Ports.isOpen(port));

        // The files appear; enabling again starts the listener.
        TestCertificates authority = TestCertificates.authority();
        authority.issue().writePem(chain, key);
        ListenersPage.handle(browser.post(Map.of("id", "secure", "action", "disable")), browser.response());
        ListenersPage.handle(browser.post(Map.of("id", "secure", "action", "enable")), browser.response());
        page = showListeners();
        assertEquals("running", page.getRows().get(0).getState(), page.getRows().get(0).getProblems().toString());
        assertEquals(List.of(), page.getRows().get(0).getProblems());

        // A renewal that went wrong: the listener runs on with the old certificate and says why.
        authority.issue().writeChain(chain);
        Files.setLastModifiedTime(chain, FileTime.from(Instant.now().plusSeconds(1)));
        Message keeps = Message.of("error.tls.keeps", Message.of("error.tls.mismatch",
            Message.of("tls.where.file", key), Message.of("tls.where.file", chain)));
        Await.until("the listener to tell why it keeps its certificate",
            () -> !showListeners().getRows().get(0).getProblems().isEmpty());
        page = showListeners();
        assertEquals("running", page.getRows().get(0).getState());
        assertEquals(List.of(keeps), page.getRows().get(0).getProblems());
    }

    /** The options of a listener that have a property, as stored. */
    private Map<ListenerOption, String> storedOptions(String id) {
        Map<ListenerOption, String> stored = new HashMap<>();
        for (ListenerOption option : ListenerOption.values()) {
            String value = console.settings.get("plugin.componentlistener.listener." + id + "." + option.key());
            if (value != null) {
                stored.put(option, value);
            }
        }
        return stored;
    }

    @Test
    void everyBadValueGetsItsMessageTheFormKeepsWhatWasTypedAndNothingIsSaved() throws Exception {
        showForm(Map.of());
        Map<String, String> typed = with(defaultFields("bad id!", Ports.free()),
            "port", "70000", "ip_address", "999.1.1.1", "access", "group:", "shaper", "turbo",
            "conflict_behaviour", "replace", "max_fsm_queue", "0", "max_stanza_size", "big",
            "state_timeout", "5", "reconnect_grace", "-1");
        ListenerForm form = submitForm(typed);

        assertNull(form.getRedirect());
        assertEquals("notice.form.invalid", form.getNotice().getKey());
        assertEquals(List.of("id", "ip_address", "access", "shaper", "conflict_behaviour", "max_fsm_queue",
                "max_stanza_size", "state_timeout", "reconnect_grace", "port").stream().sorted()
                .collect(Collectors.toList()),
            form.getErrors().keySet().stream().sorted().collect(Collectors.toList()));
        assertEquals("error.option.range", form.getErrors().get("port").key());
        assertEquals(List.of("port", "1", "65535"), form.getErrors().get("port").args().subList(0, 3));
        for (FormField field : form.getFields()) {
            if (!field.getInput().equals("password") && !field.getInput().equals("checkbox")) {
                assertEquals(typed.get(field.getName()), field.getValue(), field.getName() + " keeps what was typed");
            }
        }
        assertEquals("bad id!", form.getId());
        assertNull(console.settings.get("plugin.componentlistener.listeners"), "nothing saved");
        assertTrue(console.admin.audit().isEmpty());
    }

    @Test
    void aPortOfAnotherListenerOrOfOpenfireIsRefusedBeforeSaving() throws Exception {
        int taken = Ports.free();
        console.listener("first", taken, Map.of());
        showForm(Map.of());
        ListenerForm form = submitForm(defaultFields("second", taken));
        assertEquals(Message.of("error.port.listener", String.valueOf(taken), "first"), form.getErrors().get("port"));

        form = submitForm(defaultFields("second", RecordingOpenfireAdmin.CLIENT_PORT));
        assertEquals(Message.of("error.port.openfire", "5222", "client connections"), form.getErrors().get("port"));
        assertEquals(List.of("first"), List.copyOf(console.configs.listenerIds()));
    }

    @Test
    void changingThePortRestartsTheListenerAndSaysHowManyComponentsWereDisconnected() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            showForm(Map.of("id", "gw"));
            int newPort = Ports.free();
            ListenerForm form = submitForm(with(defaultFields("gw", newPort), "mode", "edit", "password", ""));
            assertEquals(AdminPage.LISTENERS_PAGE, form.getRedirect(), form.getErrors().toString());
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("system-shutdown", condition(error));
            ListenersPage page = showListeners();
            assertEquals("change.restarted", page.getNotice().getKey());
            assertEquals(List.of("gw", "127.0.0.1:" + newPort, 1, Message.text("")), page.getNotice().getArgs());
            assertTrue(Ports.isOpen(newPort));
            assertEquals(SECRET, console.configs.values("gw").get(ListenerOption.PASSWORD), "blank keeps the password");
        }
    }

    @Test
    void otherOptionsApplyToConnectedComponentsWithoutDisconnecting() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            showForm(Map.of("id", "gw"));
            Map<String, String> fields = with(defaultFields("gw", port), "mode", "edit", "max_fsm_queue", "500");
            fields.remove("check_from");
            ListenerForm form = submitForm(fields);
            assertEquals(AdminPage.LISTENERS_PAGE, form.getRedirect(), form.getErrors().toString());
            ListenersPage page = showListeners();
            assertEquals("change.updated", page.getNotice().getKey());
            assertEquals(1, page.getNotice().getArgs().get(2));
            assertTrue(component.staysOpenFor(300));
            assertEquals("false", console.configs.values("gw").get(ListenerOption.CHECK_FROM));
            assertEquals(Message.listed(List.of(Message.of("listeners.option.set", "password"),
                Message.of("listeners.option.value", "check_from", "false"),
                Message.of("listeners.option.value", "max_fsm_queue", "500"))),
                page.getRows().get(0).getChangedOptions());
        }
    }

    @Test
    void thePasswordIsNeverShownBlankKeepsItAndClearEmptiesIt() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        ListenerForm form = showForm(Map.of("id", "gw"));
        assertTrue(form.isPasswordStored());
        assertTrue(form.getFields().stream().filter(f -> f.getName().equals("password"))
            .allMatch(f -> f.getValue().isEmpty()), "the stored secret is not in the form");
        submitForm(with(defaultFields("gw", port), "mode", "edit", "password", "new-secret"));
        assertEquals("new-secret", console.configs.values("gw").get(ListenerOption.PASSWORD));
        showForm(Map.of("id", "gw"));
        submitForm(with(defaultFields("gw", port), "mode", "edit", "password", "", "password_clear", "true"));
        assertEquals("", console.configs.values("gw").get(ListenerOption.PASSWORD));
        assertTrue(console.admin.audit().stream().noneMatch(entry -> entry.contains("new-secret")));
    }

    @Test
    void disableEnableAndRemoveApplyAtOnce() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            showListeners();
            ListenersPage page = ListenersPage.handle(browser.post(Map.of("id", "gw", "action", "disable")),
                browser.response());
            assertEquals(AdminPage.LISTENERS_PAGE, page.getRedirect());
            assertEquals("system-shutdown", condition(component.awaitStreamErrorAndClose()));
            assertFalse(Ports.isOpen(port));
            page = showListeners();
            assertEquals("change.stopped", page.getNotice().getKey());
            assertEquals(1, page.getNotice().getArgs().get(2));
            assertEquals("disabled", page.getRows().get(0).getState());
        }
        ListenersPage.handle(browser.post(Map.of("id", "gw", "action", "enable")), browser.response());
        assertTrue(Ports.isOpen(port));
        showListeners();
        ListenersPage.handle(browser.post(Map.of("id", "gw", "action", "remove")), browser.response());
        assertFalse(Ports.isOpen(port));
        assertTrue(console.configs.listenerIds().isEmpty());
        assertTrue(storedOptions("gw").isEmpty(), "every property of the listener is gone");
    }

    @Test
    void aPostWithoutThePagesTokenChangesNothingAndAGetNeverChangesAnything() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        showListeners();
        ListenersPage page = ListenersPage.handle(browser.postWithout(Map.of("id", "gw", "action", "remove")),
            browser.response());
        assertEquals("notice.csrf", page.getNotice().getKey());
        page = ListenersPage.handle(browser.postWithout(Map.of("id", "gw", "action", "remove", "csrf", "forged")),
            browser.response());
        assertEquals("notice.csrf", page.getNotice().getKey());
        ListenersPage.handle(browser.get(Map.of("id", "gw", "action", "remove")), browser.response());
        assertEquals(List.of("gw"), List.copyOf(console.configs.listenerIds()));
        assertTrue(Ports.isOpen(port));
        assertTrue(console.admin.audit().isEmpty());
    }

    @Test
    void kickEndsTheStreamAndReleasesTheDomainAtOnceDespiteTheReconnectGrace() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of(ListenerOption.RECONNECT_GRACE, "60000"));
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            ComponentsPage page = ComponentsPage.handle(browser.get(Map.of()), browser.response());
            assertEquals("irc.example.org", page.getRows().get(0).getSession().getDomain());
            page = ComponentsPage.handle(browser.post(Map.of("action", "kick", "domain", "irc.example.org")),
                browser.response());
            assertEquals(ComponentsPage.PAGE, page.getRedirect());
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertTrue(error.asXML().contains(ComponentsPage.KICKED_TEXT), error.asXML());
            assertFalse(console.openfire.hasRoute("irc.example.org"), "no reconnect grace for a kick");
            assertTrue(console.admin.blocked().isEmpty());
        }
        try (RawComponent back = RawComponent.connect(port, "irc.example.org", SECRET)) {
            assertTrue(console.openfire.hasRoute("irc.example.org"), "a kicked component may come back");
        }
        assertEquals(1, console.counters().get(ListenerCounters.Counter.KICKS));
    }

    @Test
    void kickEndsOneConnectionOfAFleetAndKickAndBlockEndsThemAll() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of(ListenerOption.CONFLICT_BEHAVIOUR, "share"));
        try (RawComponent first = RawComponent.connect(port, "irc.example.org", SECRET);
             RawComponent second = RawComponent.connect(port, "irc.example.org", SECRET);
             RawComponent third = RawComponent.connect(port, "irc.example.org", SECRET)) {
            List<ComponentsPage.Row> rows = ComponentsPage.handle(browser.get(Map.of()), browser.response())
                .getRows();
            assertEquals(3, rows.size(), "every connection listed");
            for (ComponentsPage.Row row : rows) {
                assertEquals(3, row.getSession().getFleetSize());
                assertEquals("bare_source", row.getSession().getBalancing());
            }
            String secondAddress = rows.stream().map(row -> row.getSession().getRemoteAddress())
                .filter(remote -> remote.endsWith(":" + second.localPort())).findFirst().orElseThrow();
            ComponentsPage.handle(browser.post(Map.of("action", "kick", "domain", "irc.example.org",
                "remote", secondAddress)), browser.response());
            assertEquals("policy-violation", condition(second.awaitStreamErrorAndClose()));
            assertTrue(first.staysOpenFor(200) && third.staysOpenFor(0), "the others stay");
            assertTrue(console.openfire.hasRoute("irc.example.org"));
            assertEquals(List.of(2, 2), ComponentsPage.handle(browser.get(Map.of()), browser.response()).getRows()
                .stream().map(row -> row.getSession().getFleetSize()).collect(Collectors.toList()));

            ComponentsPage.handle(browser.post(Map.of("action", "kickblock", "domain", "irc.example.org")),
                browser.response());
            assertEquals("policy-violation", condition(first.awaitStreamErrorAndClose()));
            assertEquals("policy-violation", condition(third.awaitStreamErrorAndClose()));
        }
        assertEquals(List.of("irc"), console.admin.blocked());
        assertEquals(3, console.counters().get(ListenerCounters.Counter.KICKS));
    }

    @Test
    void kickAndBlockAlsoBlocksTheSubdomainSoItCannotComeBack() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of());
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            ComponentsPage.handle(browser.get(Map.of()), browser.response());
            ComponentsPage kicked = ComponentsPage.handle(browser.post(Map.of("action", "kickblock",
                "domain", "irc.example.org")), browser.response());
            assertEquals(ComponentsPage.PAGE, kicked.getRedirect(), String.valueOf(kicked.getNotice()));
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertTrue(error.asXML().contains(ComponentsPage.BLOCKED_TEXT), error.asXML());
        }
        assertEquals(List.of("irc"), console.admin.blocked());
        try (RawComponent again = new RawComponent(port)) {
            again.send(RawComponent.header("irc.example.org"));
            assertEquals("host-unknown", condition(again.awaitStreamErrorAndClose()));
        }
        ComponentsPage page = ComponentsPage.handle(browser.get(Map.of()), browser.response());
        assertEquals("notice.component.blocked", page.getNotice().getKey());
        assertTrue(page.getRows().isEmpty());
    }

    @Test
    void componentsAreFilteredByListenerSearchedByDomainAndSorted() throws Exception {
        int first = Ports.free();
        int second = Ports.free();
        console.listener("one", first, Map.of());
        console.listener("two", second, Map.of());
        try (RawComponent a = RawComponent.connect(first, "alpha.example.org", SECRET);
             RawComponent b = RawComponent.connect(first, "beta.example.org", SECRET);
             RawComponent c = RawComponent.connect(second, "gamma.example.org", SECRET)) {
            assertEquals(List.of("gamma.example.org", "beta.example.org", "alpha.example.org"),
                domains(Map.of("sort", "domain", "order", "desc")));
            assertEquals(List.of("alpha.example.org", "beta.example.org"), domains(Map.of("listener", "one")));
            assertEquals(List.of("beta.example.org"), domains(Map.of("q", "BET")));
            assertEquals(List.of("alpha.example.org", "beta.example.org", "gamma.example.org"),
                domains(Map.of("sort", "listener")));
        }
    }

    private List<String> domains(Map<String, String> query) {
        return ComponentsPage.handle(browser.get(query), browser.response()).getRows().stream()
            .map(row -> row.getSession().getDomain()).collect(Collectors.toList());
    }

    @Test
    void aShaperInUseCannotBeRemovedAndThePageNamesItsListeners() throws Exception {
        SettingsPage.handle(browser.get(Map.of()), browser.response());
        SettingsPage page = SettingsPage.handle(browser.post(Map.of("action", "saveShaper", "name", "slow",
            "rate", "50")), browser.response());
        assertEquals(Message.of("error.shaper.rate", "100"), page.getErrors().get("rate"));
        page = SettingsPage.handle(browser.post(Map.of("action", "saveShaper", "name", "fast", "rate", "500")),
            browser.response());
        assertEquals(Message.of("error.shaper.builtin", "fast"), page.getErrors().get("name"));
        SettingsPage.handle(browser.post(Map.of("action", "saveShaper", "name", "slow", "rate", "500")),
            browser.response());
        assertEquals(Map.of("slow", 500L), Shapers.read(console.settings).defined());

        console.listener("gw", Ports.free(), Map.of(ListenerOption.SHAPER, "slow"));
        SettingsPage.handle(browser.get(Map.of()), browser.response());
        page = SettingsPage.handle(browser.post(Map.of("action", "removeShaper", "name", "slow")), browser.response());
        assertEquals("notice.shaper.used", page.getNotice().getKey());
        assertEquals(List.of("slow", "gw"), page.getNotice().getArgs());
        assertEquals(List.of("gw"), page.getShapers().stream().filter(s -> s.getName().equals("slow"))
            .findFirst().orElseThrow().getUsedBy());

        console.configs.save("gw", Map.of(ListenerOption.SHAPER, "none"));
        page = SettingsPage.handle(browser.post(Map.of("action", "removeShaper", "name", "slow")), browser.response());
        assertEquals(SettingsPage.PAGE, page.getRedirect());
        assertTrue(Shapers.read(console.settings).defined().isEmpty());
    }

    @Test
    void usersCanSeeHiddenServicesIsSaved() {
        SettingsPage page = SettingsPage.handle(browser.get(Map.of()), browser.response());
        assertFalse(page.isUsersCanSeeHidden());
        SettingsPage.handle(browser.post(Map.of("action", "saveHidden", "users_can_see_hidden_services", "true")),
            browser.response());
        assertEquals("true", console.settings.get("plugin.componentlistener.users_can_see_hidden_services"));
        assertTrue(SettingsPage.handle(browser.get(Map.of()), browser.response()).isUsersCanSeeHidden());
    }

    private PrivilegesPage submitPrivileges(String... pairs) {
        return PrivilegesPage.handle(browser.post(with(Map.of("action", "save"), pairs)), browser.response());
    }

    @Test
    void privilegesAreAddedEditedAndRemovedAndBadOnesRefused() {
        PrivilegesPage page = PrivilegesPage.handle(browser.get(Map.of()), browser.response());
        assertTrue(page.getRows().isEmpty(), "nothing is granted by default");
        page = submitPrivileges("domain", "gw.example.org", "roster", "both", "roster_push", "", "message", "outgoing",
            "presence", "none", "iq", "http://jabber.org/protocol/pubsub=both");
        assertEquals(PrivilegesPage.PAGE, page.getRedirect());
        String prefix = GrantStore.PREFIX + "gw.example.org.";
        assertEquals("both", console.settings.get(prefix + "roster"));
        assertEquals("outgoing", console.settings.get(prefix + "message"));
        assertNull(console.settings.get(prefix + "roster_push"), "left to its default");
        page = PrivilegesPage.handle(browser.get(Map.of()), browser.response());
        assertEquals("notice.privileges.saved", page.getNotice().getKey());
        PrivilegesPage.Row row = page.getRows().get(0);
        assertEquals("gw.example.org", row.getDomain());
        assertTrue(row.isRosterPush(), "the default shown as it applies");

        page = PrivilegesPage.handle(browser.get(Map.of("domain", "gw.example.org")), browser.response());
        assertEquals("both", page.getValues().get("roster"), "editing starts from the saved values");
        page = submitPrivileges("domain", "gw.example.org", "roster", "all", "roster_push", "maybe", "message",
            "none", "presence", "none", "iq", "urn:x");
        assertNull(page.getRedirect());
        assertEquals("notice.form.invalid", page.getNotice().getKey());
        assertEquals(List.of("error.privilege.value", "error.privilege.value", "error.privilege.iq"),
            page.getProblems().stream().map(Message::key).collect(Collectors.toList()));
        assertEquals("all", page.getValues().get("roster"), "the form keeps what was typed");
        assertEquals("both", console.settings.get(prefix + "roster"), "nothing saved");

        page = PrivilegesPage.handle(browser.post(Map.of("action", "remove", "domain", "gw.example.org")),
            browser.response());
        assertEquals(PrivilegesPage.PAGE, page.getRedirect());
        assertNull(console.settings.get(prefix + "roster"));
        assertTrue(PrivilegesPage.handle(browser.get(Map.of()), browser.response()).getRows().isEmpty());
        assertEquals(2, console.admin.audit().stream().filter(line -> line.contains("privileges")).count(),
            console.admin.audit().toString());
    }

    @Test
    void privilegesAreNotChangedWithoutTheCsrfToken() {
        PrivilegesPage.handle(browser.get(Map.of()), browser.response());
        PrivilegesPage page = PrivilegesPage.handle(browser.postWithout(Map.of("action", "save", "domain",
            "gw.example.org", "roster", "both", "csrf", "forged")), browser.response());
        assertEquals("notice.csrf", page.getNotice().getKey());
        assertNull(console.settings.get(GrantStore.PREFIX + "gw.example.org.roster"));
    }
}
