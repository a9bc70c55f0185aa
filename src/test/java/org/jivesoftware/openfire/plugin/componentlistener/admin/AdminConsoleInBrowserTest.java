package org.jivesoftware.openfire.plugin.componentlistener.admin;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleServer.type;
import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTable;
import org.htmlunit.html.HtmlTableCell;
import org.htmlunit.html.HtmlTableRow;
import org.htmlunit.html.HtmlTextArea;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleServer;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The precompiled pages in a servlet container, used through a headless browser as an admin would: fill and submit
 * the listener form, read the result, see a bad value's message beside its field, kick a component connected over
 * real TCP and see it go, import a MongooseIM section.
 */
class AdminConsoleInBrowserTest {
    private ConsoleFixture fixture;
    private ConsoleServer console;
    private final List<String> confirmations = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ConsoleFixture();
        console = ConsoleServer.start();
        console.browser().setConfirmHandler((page, message) -> confirmations.add(message));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            console.close();
        } finally {
            fixture.close();
        }
    }

    @Test
    void theListenerFormAddsAListenerAndTheListenersPageSaysWhatHappened() throws Exception {
        HtmlPage listeners = console.page(AdminPage.LISTENERS_PAGE);
        assertEquals(console.text("listeners.title"), listeners.getTitleText());
        HtmlPage form = listeners.getHtmlElementById("add-listener").click();
        int port = Ports.free();
        type(form, "id", "gateways");
        type(form, "port", String.valueOf(port));
        type(form, "password", SECRET);
        ((HtmlSelect) form.getHtmlElementById("conflict_behaviour")).setSelectedAttribute("kick_old", true);
        HtmlPage result = form.getHtmlElementById("save").click();

        assertEquals(console.text("listeners.title"), result.getTitleText(), "redirected to the listeners page");
        String notice = notice(result);
        assertEquals("Listener gateways started on 127.0.0.1:" + port + ".", notice);
        List<String> row = cells(result.getHtmlElementById("listener-gateways"));
        assertEquals(List.of("gateways", "127.0.0.1:" + port, console.text("listeners.state.running"), "0",
            "password set, conflict_behaviour=kick_old"), row.subList(0, 5));
        assertTrue(Ports.isOpen(port));
        assertFalse(result.asXml().contains(SECRET), "the secret is never in a page");
    }

    @Test
    void aBadValueGetsItsMessageBesideTheFieldAndTheFormKeepsWhatWasTyped() throws Exception {
        HtmlPage form = console.page("componentlistener-listener-edit.jsp");
        type(form, "id", "gw");
        type(form, "port", String.valueOf(Ports.free()));
        type(form, "ip_address", "999.1.1.1");
        type(form, "access", "group:");
        HtmlPage result = form.getHtmlElementById("save").click();

        assertEquals(console.text("form.title.add"), result.getTitleText());
        assertEquals(console.text("notice.form.invalid"), notice(result));
        HtmlElement error = result.getHtmlElementById("error-ip_address");
        assertEquals("ip_address must be an IPv4 or IPv6 address, not '999.1.1.1'", error.asNormalizedText());
        assertEquals("ip_address", ((HtmlElement) error.getEnclosingElement("tr")).getElementsByTagName("label")
            .get(0).asNormalizedText(), "the message is in the row of its field");
        assertNotNull(result.getElementById("error-access"));
        assertEquals("999.1.1.1", ((HtmlInput) result.getHtmlElementById("ip_address")).getValue());
        assertTrue(fixture.configs.listenerIds().isEmpty(), "nothing saved");
    }

    @Test
    void theConnectionsOfAFleetShowTheirFleetAndOneIsKickedAlone() throws Exception {
        int port = Ports.free();
        fixture.listener("gw", port, Map.of());
        try (RawComponent first = RawComponent.connectAllowingMultiple(port, "irc.example.org", SECRET);
             RawComponent second = RawComponent.connectAllowingMultiple(port, "irc.example.org", SECRET)) {
            HtmlPage page = console.page(ComponentsPage.PAGE);
            List<HtmlTableRow> rows = ((HtmlTable) page.getHtmlElementById("components")).getBodies().get(0)
                .getRows();
            assertEquals(2, rows.size());
            for (HtmlTableRow row : rows) {
                assertEquals("2 connections, bare_source", row.getCell(1).asNormalizedText());
            }
            HtmlTableRow firstRow = rows.stream()
                .filter(row -> row.getCell(3).asNormalizedText().endsWith(":" + first.localPort())).findFirst()
                .orElseThrow();
            HtmlForm kick = firstRow.getFirstByXPath(".//form[input[@name='action' and @value='kick']]");
            HtmlPage after = kick.<HtmlInput>getInputByName("kick").click();
            assertEquals("policy-violation", condition(first.awaitStreamErrorAndClose()));
            assertTrue(second.staysOpenFor(200), "the other connection stays");
            assertEquals(1, ((HtmlTable) after.getHtmlElementById("components")).getBodies().get(0).getRows().size());
        }
    }

    @Test
    void kickingAComponentFromTheComponentsPageClosesItsStream() throws Exception {
        int port = Ports.free();
        fixture.listener("gw", port, Map.of());
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            HtmlPage page = console.page(ComponentsPage.PAGE);
            HtmlTable table = page.getHtmlElementById("components");
            HtmlTableRow row = table.getBodies().get(0).getRows().get(0);
            assertEquals("irc.example.org", row.getCell(0).asNormalizedText());
            assertEquals("", row.getCell(1).asNormalizedText(), "one connection: no fleet");
            assertEquals("gw", row.getCell(2).asNormalizedText());
            HtmlForm kick = row.getFirstByXPath(".//form[input[@name='action' and @value='kick']]");
            HtmlPage after = kick.<HtmlInput>getInputByName("kick").click();

            assertEquals(List.of("Disconnect this connection of irc.example.org?"), confirmations);
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("policy-violation", condition(error));
            assertEquals("Component irc.example.org was disconnected.",
                notice(after));
            assertEquals(console.text("components.none"), ((HtmlTable) after.getHtmlElementById("components"))
                .getBodies().get(0).getRows().get(0).asNormalizedText());
        }
    }

    @Test
    void removingAListenerAsksFirstSayingHowManyComponentsWillBeDisconnected() throws Exception {
        int port = Ports.free();
        fixture.listener("gw", port, Map.of(ListenerOption.HIDDEN_COMPONENTS, "true"));
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            HtmlPage page = console.page(AdminPage.LISTENERS_PAGE);
            HtmlElement row = page.getHtmlElementById("listener-gw");
            HtmlPage after = row.<HtmlForm>getFirstByXPath(".//form[input[@name='action' and @value='remove']]")
                .<HtmlInput>getInputByName("remove").click();
            assertEquals(List.of("Remove listener gw? 1 connected components will be disconnected."), confirmations);
            assertEquals("system-shutdown", condition(component.awaitStreamErrorAndClose()));
            assertEquals("Listener gw stopped (1 components disconnected).",
                notice(after));
            assertFalse(Ports.isOpen(port));
        }
    }

    @Test
    void theSettingsPageSavesTheHiddenServicesSettingAndTheImportPagePreviews() throws Exception {
        HtmlPage settings = console.page(SettingsPage.PAGE);
        ((HtmlCheckBoxInput) settings.getHtmlElementById("users_can_see_hidden_services")).setChecked(true);
        HtmlPage saved = settings.getHtmlElementById("save-hidden").click();
        assertEquals("Users see hidden components: true.", notice(saved));
        assertTrue(((HtmlCheckBoxInput) saved.getHtmlElementById("users_can_see_hidden_services")).isChecked());

        HtmlPage importPage = console.page(ImportPage.PAGE);
        int port = Ports.free();
        ((HtmlTextArea) importPage.getHtmlElementById("toml")).setText("[[listen.service]]\nport = " + port + "\n"
            + "password = \"pw\"\nproto = \"udp\"\n");
        HtmlPage preview = importPage.getHtmlElementById("preview").click();
        assertEquals("Recognised as: MongooseIM (mongooseim.toml)",
            preview.getHtmlElementById("import-format").asNormalizedText().trim());
        assertTrue(((HtmlCheckBoxInput) preview.getHtmlElementById("take-0")).isChecked());
        List<String> draft = cells(((HtmlTable) preview.getHtmlElementById("drafts")).getBodies().get(0).getRows()
            .get(0));
        assertTrue(draft.get(0).endsWith("mim-" + port), draft.get(0));
        assertEquals("127.0.0.1:" + port + ", password set", draft.get(2));
        assertTrue(draft.get(3).contains("proto"), draft.get(3));
        assertTrue(fixture.configs.listenerIds().isEmpty(), "nothing created before confirmation");

        HtmlPage created = preview.getHtmlElementById("create").click();
        assertEquals("Created 1 of 1 sections: mim-" + port + " started.", notice(created));
        assertTrue(Ports.isOpen(port));
    }

    @Test
    void thePrivilegesPageGrantsAComponentAndShowsIt() throws Exception {
        HtmlPage privileges = console.page(PrivilegesPage.PAGE);
        type(privileges, "domain", "gw.example.org");
        ((HtmlSelect) privileges.getHtmlElementById("roster")).setSelectedAttribute("both", true);
        ((HtmlSelect) privileges.getHtmlElementById("message")).setSelectedAttribute("outgoing", true);
        type(privileges, "iq", "http://jabber.org/protocol/pubsub=both");
        HtmlPage saved = privileges.getHtmlElementById("save-privileges").click();
        assertEquals("Privileges of gw.example.org saved.", notice(saved));
        List<String> row = cells(saved.getHtmlElementById("privileges-gw.example.org"));
        assertEquals(List.of("both", "true", "outgoing", "none", "http://jabber.org/protocol/pubsub=both"),
            row.subList(1, 6));
        assertEquals("both", fixture.settings.get("plugin.componentlistener.privilege.gw.example.org.roster"));
    }

    /** The notice's text, without the cell of its icon. */
    private static String notice(HtmlPage page) {
        return page.getHtmlElementById("notice").asNormalizedText().trim();
    }

    private static List<String> cells(HtmlElement row) {
        List<String> texts = new ArrayList<>();
        for (HtmlTableCell cell : ((HtmlTableRow) row).getCells()) {
            texts.add(cell.asNormalizedText());
        }
        return texts;
    }
}
