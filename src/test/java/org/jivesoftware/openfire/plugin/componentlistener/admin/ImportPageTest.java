package org.jivesoftware.openfire.plugin.componentlistener.admin;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.FakeBrowser;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.RecordingOpenfireAdmin;
import org.jivesoftware.openfire.plugin.componentlistener.support.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import page with the case of the issue: MongooseIM's test node file, whose first component section is on the
 * port of the plugin's default listener. Its ports are replaced by free ones, so that the test runs beside anything.
 */
class ImportPageTest {
    private static final List<Integer> FILE_PORTS = List.of(8888, 8666, 8189, 8190);

    private final ConsoleFixture console = new ConsoleFixture();
    private final FakeBrowser browser = new FakeBrowser();
    private final List<Integer> ports = new java.util.ArrayList<>();
    private String file;
    private TestCertificates authority;

    @BeforeEach
    void readFile() throws Exception {
        authority = TestCertificates.authority();
        console.openfire.identityStore(authority.issue().keyStore(InMemoryOpenfire.DOMAIN + "_ec"),
            TestCertificates.STORE_PASSWORD);
        try (InputStream in = getClass().getResourceAsStream("/mongooseim/mongooseim-components.toml")) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (int filePort : FILE_PORTS) {
            int port = Ports.free();
            ports.add(port);
            file = file.replace("port = " + filePort + "\n", "port = " + port + "\n");
        }
        // The plugin's default listener, on the port of the file's first section.
        console.listener("default", ports.get(0), Map.of());
        ImportPage.handle(browser.get(Map.of()), browser.response());
    }

    @AfterEach
    void close() {
        console.close();
    }

    private ImportPage preview(String text) {
        return ImportPage.handle(browser.post(Map.of("toml", text, "action", "preview")), browser.response());
    }

    /** Create, with the fields as the preview filled them in: what a browser sends when the admin changes nothing. */
    private ImportPage createAsProposed(ImportPage preview, String... changes) {
        Map<String, String> fields = new HashMap<>(Map.of("toml", preview.getText(), "action", "create"));
        for (ImportRow row : preview.getRows()) {
            if (row.isTicked()) {
                fields.put("take." + row.getIndex(), "on");
            }
            fields.put("id." + row.getIndex(), row.getId());
            fields.put("port." + row.getIndex(), row.getPort());
        }
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        return ImportPage.handle(browser.post(fields), browser.response());
    }

    private static String id(int port) {
        return "mim-" + port;
    }

    @Test
    void theFirstSectionOnTheDefaultListenersPortComesUntickedWithItsFixesAndTheOthersAreCreatedAsOffered()
        throws Exception {
        try (RawComponent component = RawComponent.connect(ports.get(0), "irc.example.org", SECRET)) {
            ImportPage page = preview(file);
            assertEquals(Message.of("import.format.mongooseim"), page.getFormat());
            assertEquals(4, page.getRows().size());
            ImportRow first = page.getRows().get(0);
            assertFalse(first.isTicked());
            assertEquals(List.of(Message.of("error.port.listener", String.valueOf(ports.get(0)), "default")),
                first.getProblems());
            assertEquals(Message.of("import.fix.replace", "default", 1), first.getReplaceLabel());
            int proposed = Integer.parseInt(first.getPort());
            assertFalse(ports.contains(proposed), "the proposed port is none of the file's");
            assertTrue(page.getRows().subList(1, 4).stream().allMatch(ImportRow::isTicked));
            assertEquals(List.of(Message.of("import.note.domain", "localhost, anonymous.localhost, localhost.bis",
                "example.org")), page.getNotes(), "the domain is said once");
            assertTrue(console.configs.listenerIds().equals(java.util.Set.of("default")), "a preview creates nothing");

            page = createAsProposed(page);
            assertEquals(AdminPage.LISTENERS_PAGE, page.getRedirect());
            Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
            assertEquals("notice.import.result", notice.key());
            assertEquals(List.of(3, 4), notice.args().subList(0, 2));
            assertTrue(notice.toString().contains(Message.of("import.outcome.unticked", id(ports.get(0))).toString()),
                notice.toString());
            assertEquals(List.of("default", id(ports.get(1)), id(ports.get(2)), id(ports.get(3))),
                List.copyOf(console.configs.listenerIds()));
            for (int port : ports) {
                assertTrue(Ports.isOpen(port), "listening on " + port);
            }
            assertEquals("kick_old", console.configs.values(id(ports.get(1))).get(ListenerOption.CONFLICT_BEHAVIOUR));
            assertEquals("true", console.configs.values(id(ports.get(2))).get(ListenerOption.HIDDEN_COMPONENTS));
            assertEquals("direct", console.configs.values(id(ports.get(3))).get(ListenerOption.TLS));
            try (SSLSocket tls = authority.connect(ports.get(3), InMemoryOpenfire.DOMAIN)) {
                assertTrue(tls.getSession().isValid(), "the TLS section serves TLS with Openfire's certificate");
            }
            assertEquals("fast", console.configs.values(id(ports.get(1))).get(ListenerOption.SHAPER));
            assertEquals(Map.of(), Shapers.read(console.settings).defined(), "the plugin's own fast has the same rate");
            assertTrue(console.openfire.hasRoute("irc.example.org"), "the default listener's component stays connected");
        }
    }

    @Test
    void theTlsSectionBecomesDirectTlsWithOpenfiresCertificateAndSaysWhatDidNotComeOver() {
        ImportRow tls = preview(file).getRows().get(3);
        assertTrue(tls.getOptions().toString().contains(Message.of("listeners.option.value", "tls", "direct")
            .toString()), tls.getOptions().toString());
        List<Message> notes = tls.getNotes();
        assertTrue(notes.contains(Message.of("import.note.tls.unusable", "tls.certfile", "priv/ssl/fake_cert.pem")),
            notes.toString());
        assertTrue(notes.contains(Message.of("import.note.unsupported", "tls.verify_mode")), notes.toString());
    }

    @Test
    void tickingTheFirstSectionWithTheProposedPortCreatesItThere() throws Exception {
        ImportPage page = preview(file);
        String proposed = page.getRows().get(0).getPort();
        createAsProposed(page, "take.0", "on");
        assertEquals(proposed, console.configs.values(id(ports.get(0))).get(ListenerOption.PORT));
        assertTrue(Ports.isOpen(Integer.parseInt(proposed)));
        assertEquals(String.valueOf(ports.get(0)), console.configs.values("default").get(ListenerOption.PORT));
    }

    @Test
    void replacingTheDefaultListenerRemovesItAndItsComponentIsDisconnected() throws Exception {
        try (RawComponent component = RawComponent.connect(ports.get(0), "irc.example.org", SECRET)) {
            createAsProposed(preview(file), "take.0", "on", "replace.0", "on");
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("system-shutdown", condition(error));
        }
        assertFalse(console.configs.listenerIds().contains("default"));
        assertEquals(String.valueOf(ports.get(0)), console.configs.values(id(ports.get(0))).get(ListenerOption.PORT));
        assertTrue(Ports.isOpen(ports.get(0)));
        Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
        assertTrue(notice.toString().contains("default"), notice.toString());
        assertEquals(Message.of("import.outcome.replaced", Message.of("import.outcome.started", id(ports.get(0))),
            "default"), ((Message) notice.args().get(2)).args().get(0));
    }

    @Test
    void everyRefusalIsShownAndATickedSectionThatStillCannotBeMadeIsLeftOutWithItsReason() throws Exception {
        console.listener(id(ports.get(1)), Ports.free(), Map.of());
        try (ServerSocket otherProgram = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String text = file.replace("port = " + ports.get(2) + "\n", "port = " + otherProgram.getLocalPort() + "\n")
                .replace("port = " + ports.get(3) + "\n", "port = " + RecordingOpenfireAdmin.CLIENT_PORT + "\n");
            ImportPage page = preview(text);
            assertTrue(page.getRows().stream().noneMatch(ImportRow::isTicked));
            assertEquals(List.of(Message.of("error.listener.exists", id(ports.get(1)))),
                page.getRows().get(1).getProblems());
            assertEquals(id(ports.get(1)) + "-2", page.getRows().get(1).getId(), "a free id is proposed");
            assertEquals(String.valueOf(ports.get(1)), page.getRows().get(1).getPort(), "its port is free");
            assertEquals(List.of(Message.of("import.problem.inuse", String.valueOf(otherProgram.getLocalPort()),
                "127.0.0.1")), page.getRows().get(2).getProblems());
            assertEquals(List.of(Message.of("error.port.openfire", String.valueOf(RecordingOpenfireAdmin.CLIENT_PORT),
                "client connections")), page.getRows().get(3).getProblems());
            List<String> proposedPorts = page.getRows().stream().map(ImportRow::getPort).collect(Collectors.toList());
            assertEquals(proposedPorts.size(), proposedPorts.stream().distinct().count(), proposedPorts.toString());

            // Ticked as they are, with the ports and the id the file has: each is left out with its reason.
            page = ImportPage.handle(browser.post(Map.of("toml", text, "action", "create", "take.1", "on",
                "take.2", "on", "take.3", "on", "id.1", id(ports.get(1)))), browser.response());
            assertEquals("notice.import.none", page.getNotice().getKey());
            assertTrue(page.getNotice().toString().contains(Message.of("import.outcome.leftout", id(ports.get(1)),
                Message.joined(List.of(Message.of("error.listener.exists", id(ports.get(1)))))).toString()),
                page.getNotice().toString());
            assertEquals(2, console.configs.listenerIds().size(), "nothing was created");
        }
    }

    @Test
    void twoTickedSectionsCannotTakeOnePortAndNoneIsHalfMade() {
        ImportPage page = preview(file);
        String shared = page.getRows().get(1).getPort();
        createAsProposed(page, "port.2", shared);
        assertTrue(console.configs.listenerIds().contains(id(ports.get(1))));
        assertFalse(console.configs.listenerIds().contains(id(ports.get(2))), "left out whole");
        Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
        assertTrue(notice.toString().contains(Message.of("import.problem.sameport", shared).toString()),
            notice.toString());
        assertNotEquals(shared, console.configs.values(id(ports.get(3))).get(ListenerOption.PORT));
    }

    @Test
    void aBadPortOrIdTypedAsTheFixLeavesTheSectionOutWithTheValidationsReason() {
        createAsProposed(preview(file), "take.0", "on", "port.0", "70000", "id.2", "bad/id");
        Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
        assertTrue(notice.toString().contains(Message.of("error.option.range", "port", "1", "65535", "70000")
            .toString()), notice.toString());
        assertTrue(notice.toString().contains(Message.of("error.listener.id", "bad/id").toString()),
            notice.toString());
        assertEquals(List.of("default", id(ports.get(1)), id(ports.get(3))), List.copyOf(console.configs.listenerIds()));
    }

    @Test
    void badTomlIsReportedWithItsLine() {
        ImportPage page = ImportPage.handle(browser.post(Map.of("toml", "[[listen.service]]\nport = = 8888",
            "action", "create")), browser.response());
        assertEquals("import.error.toml", page.getError().key());
        assertEquals("2", page.getError().args().get(0), page.getError().toString());
        assertEquals(List.of("default"), List.copyOf(console.configs.listenerIds()));
    }

    private String resource(String path) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** ejabberd's file on this server's domain, its two service ports replaced by free ones. */
    private String ejabberdFile(int gatewayPort, int botPort) throws Exception {
        return resource("/ejabberd/ejabberd.yml").replace("localhost", "example.org")
            .replace("port: 8888\n", "port: " + gatewayPort + "\n").replace("port: 8889\n", "port: " + botPort + "\n");
    }

    @Test
    void ejabberdsPerHostPasswordsBecomeOpenfireSecretsOnlyWhenTheAdminConfirms() throws Exception {
        int gatewayPort = Ports.free();
        int botPort = Ports.free();
        ImportPage page = preview(ejabberdFile(gatewayPort, botPort));
        assertEquals(Message.of("import.format.ejabberd"), page.getFormat());
        assertEquals(List.of("icq.example.org", "sms.example.org", "bot.example.org"), page.getSecretDomains());
        assertEquals(List.of(), page.getNotes(), "the file's domain is Openfire's");
        createAsProposed(page);
        assertEquals(Map.of(), console.admin.secrets(), "not confirmed");
        assertTrue(Ports.isOpen(gatewayPort) && Ports.isOpen(botPort));
    }

    @Test
    void confirmedSecretsAreSetAndAComponentProvesItsOwn() throws Exception {
        int gatewayPort = Ports.free();
        createAsProposed(preview(ejabberdFile(gatewayPort, Ports.free())), "secrets", "on");
        assertEquals(Map.of("icq", "icq-secret", "sms", "sms-secret", "bot", "bot-secret"), console.admin.secrets());
        try (RawComponent icq = RawComponent.connect(gatewayPort, "icq.example.org", "icq-secret")) {
            assertTrue(console.openfire.hasRoute("icq.example.org"));
        }
        Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
        assertTrue(notice.toString().contains(Message.of("import.outcome.secret", "icq.example.org").toString()),
            notice.toString());
    }

    @Test
    void prosodyIsRecognisedAndItsComponentsOutsideOpenfiresDomainAreNamedOnce() throws Exception {
        int port = Ports.free();
        int secondPort = Ports.free();
        String text = resource("/prosody/prosody.cfg.lua").replace("{ 5347, 5348 }", "{ " + port + ", " + secondPort
            + " }");
        ImportPage page = preview(text);
        assertEquals(Message.of("import.format.prosody"), page.getFormat());
        assertEquals(2, page.getRows().size());
        assertEquals(Message.of("import.note.domain.components", "localhost", "example.org",
            "gateway.localhost, bridge.localhost"), page.getNotes().get(0));
        createAsProposed(page, "secrets", "on");
        assertEquals(Map.of(), console.admin.secrets());
        Message notice = ListenersPage.handle(browser.get(Map.of()), browser.response()).getNotice().getMessage();
        String outside = Message.of("import.outcome.secret.outside", "gateway.localhost", "example.org").toString();
        assertEquals(notice.toString().indexOf(outside), notice.toString().lastIndexOf(outside),
            "said once for both ports: " + notice);
        assertTrue(notice.toString().contains(outside), notice.toString());
        assertTrue(Ports.isOpen(port) && Ports.isOpen(secondPort));
    }

    @Test
    void theProposedPortIsNoneOfTheFilesOtherSections() throws Exception {
        int taken = Ports.free();
        // The plugin's listener on the first section's port; the second section is on the next port up.
        while (!canBind(taken + 1)) {
            taken = Ports.free();
        }
        console.listener("taken", taken, Map.of());
        ImportPage page = preview(String.join("\n", "[[listen.component]]", "port = " + taken, "password = \"a\"",
            "[[listen.component]]", "port = " + (taken + 1), "password = \"b\""));
        assertFalse(page.getRows().get(0).isTicked());
        assertNotEquals(String.valueOf(taken + 1), page.getRows().get(0).getPort());
        assertTrue(page.getRows().get(1).isTicked(), page.getRows().get(1).getProblems().toString());
    }

    private static boolean canBind(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
