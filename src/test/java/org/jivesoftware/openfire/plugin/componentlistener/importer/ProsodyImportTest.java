package org.jivesoftware.openfire.plugin.componentlistener.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;

/** Prosody's default prosody.cfg.lua with two external components, read and never run. */
class ProsodyImportTest {
    private static String file() throws Exception {
        try (InputStream in = ProsodyImportTest.class.getResourceAsStream("/prosody/prosody.cfg.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ConfigurationImport read(String text) {
        return ConfigurationImport.read(text, Shapers.read(new MapPropertyStore()));
    }

    @Test
    void eachComponentPortBecomesAListenerWithTheGlobalSettingsAndEachComponentsSecret() throws Exception {
        ConfigurationImport imported = read(file());
        assertEquals(ImportFormat.PROSODY, imported.format());
        assertEquals(Optional.empty(), imported.error());
        assertEquals(List.of("localhost"), imported.serverDomains(), "the commented-out VirtualHost is not read");
        assertEquals(List.of("prosody-5347", "prosody-5348"),
            List.of(imported.drafts().get(0).id(), imported.drafts().get(1).id()));
        ListenerDraft first = imported.drafts().get(0);
        assertEquals(Map.of(ListenerOption.PORT, "5347", ListenerOption.IP_ADDRESS, "127.0.0.1",
            ListenerOption.MAX_STANZA_SIZE, "262144", ListenerOption.CONFLICT_BEHAVIOUR, "kick_old"), first.values());
        assertEquals(List.of("gateway.localhost", "bridge.localhost"), first.componentDomains());
        assertEquals(Map.of("gateway.localhost", "gateway-secret", "bridge.localhost", "bridge-secret"),
            first.componentSecrets(), "different secrets go to Openfire, the [[long]] one too");
        assertEquals(List.of(Message.of("import.prosody.component.unsupported", "bridge.localhost", "name"),
            Message.of("import.prosody.secrets", "component_secret")), first.notes());
    }

    @Test
    void whatIsNotALiteralAndProsodysOwnServicesAreReportedNotCarriedOver() throws Exception {
        List<Message> notes = read(file()).notes();
        assertTrue(notes.contains(Message.of("import.prosody.skipped", "50", "pidfile")), notes.toString());
        assertTrue(notes.contains(Message.of("import.prosody.skipped", "87", "Include")), notes.toString());
        assertTrue(notes.contains(Message.of("import.prosody.internal", "conference.localhost", "muc")),
            notes.toString());
        assertEquals(3, notes.size(), notes.toString());
    }

    @Test
    void oneSharedSecretIsTheListenersPasswordAndTheDefaultsAreProsodys() {
        ConfigurationImport imported = read(String.join("\n",
            "-- defaults: port 5347, loopback",
            "Component 'a.example.org' component_secret = 'same'",
            "Component(\"b.example.org\")",
            "  component_secret = [==[same]==] --[[ a long comment",
            "  over two lines ]] ssl = { certificate = \"x\", key = 'y' }"));
        ListenerDraft draft = imported.drafts().get(0);
        assertEquals("5347", draft.values().get(ListenerOption.PORT));
        assertEquals("same", draft.values().get(ListenerOption.PASSWORD));
        assertEquals(Map.of(), draft.componentSecrets());
        assertEquals(List.of(Message.of("import.prosody.component.unsupported", "b.example.org", "ssl")),
            draft.notes());
    }

    @Test
    void literalsOfEveryKindAreReadAndEverythingElseIsSkippedByLine() {
        LuaConfig config = LuaConfig.read(String.join("\n",
            "a = \"double \\\"quoted\\\"\\n\"",
            "b = 'single'",
            "c = [[long",
            "string]]",
            "d = 0x10; e = -2.5",
            "f = true g = false",
            "h = { 1, 'two', { nested = true }, [\"key\"] = 3, }",
            "i = os.getenv(\"HOME\")",
            "j = \"a\" .. \"b\"",
            "local k = 1",
            "l = nil",
            "m = 'after'"));
        Map<String, Object> settings = config.global().settings;
        assertEquals("double \"quoted\"\n", settings.get("a"));
        assertEquals("single", settings.get("b"));
        assertEquals("long\nstring", settings.get("c"));
        assertEquals(16L, settings.get("d"));
        assertEquals(-2.5, settings.get("e"));
        assertEquals(true, settings.get("f"));
        assertEquals(false, settings.get("g"));
        assertEquals("{1=1, 2=two, 3={nested=true}, key=3}", new java.util.TreeMap<>((Map<?, ?>) settings.get("h"))
            .toString());
        assertEquals("after", settings.get("m"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "m"), List.copyOf(settings.keySet()));
        assertEquals(List.of("8:i", "9:j", "10:local"), config.skipped().stream()
            .map(skipped -> skipped.line + ":" + skipped.start).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aStringThatNeverEndsStopsTheReadingAtItsLineAndNoComponentIsAnError() {
        ConfigurationImport unterminated = read("Component \"a.example.org\"\n  component_secret = \"open\n");
        assertEquals(List.of(Message.of("import.prosody.unreadable", "2")), unterminated.notes());
        assertEquals(Optional.of(Message.of("import.error.prosody.nocomponent")),
            read("VirtualHost \"localhost\"\nComponent \"conference.localhost\" \"muc\"\n").error());
    }

    @Test
    void deeplyNestedTablesAndEscapesAreReadWithoutRunningOrOverflowing() {
        LuaConfig config = LuaConfig.read("deep = " + "{".repeat(10_000) + "}".repeat(10_000)
            + "\nescaped = \"tab\\there \\65\\066 \\\\ \\'\"\nafter = 1");
        assertEquals("tab\there AB \\ '", config.global().settings.get("escaped"));
        assertEquals(1L, config.global().settings.get("after"));
        assertEquals(List.of("1:deep"), config.skipped().stream().map(skipped -> skipped.line + ":" + skipped.start)
            .collect(java.util.stream.Collectors.toList()));
    }
}
