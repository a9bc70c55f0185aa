package org.jivesoftware.openfire.plugin.componentlistener.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigResult;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;

/** Turning pasted MongooseIM configuration into listener drafts, shapers to define and notes. */
class MongooseImportTest {
    private static final String ID_RULE = "[A-Za-z0-9_-]{1,32}";

    private final MapPropertyStore store = new MapPropertyStore();

    private MongooseImport parse(String... lines) {
        return MongooseImport.parse(String.join("\n", lines), Shapers.read(store));
    }

    private static ListenerDraft only(MongooseImport imported) {
        assertEquals(List.of(), imported.error().stream().collect(Collectors.toList()));
        assertEquals(1, imported.drafts().size(), "drafts: " + imported.drafts().size());
        return imported.drafts().get(0);
    }

    /** The single note that starts with the key, failing when there is none or more than one. */
    private static String noteAbout(ListenerDraft draft, String key) {
        List<String> found = draft.notes().stream().filter(note -> note.startsWith(key))
            .collect(Collectors.toList());
        assertEquals(1, found.size(), "one note about " + key + " in " + draft.notes());
        return found.get(0);
    }

    private static String fullConfiguration() throws IOException {
        try (InputStream in = MongooseImportTest.class.getResourceAsStream("/mongooseim/mongooseim.toml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A service section with every key MongooseIM requires, so that only the keys under test leave notes. */
    private MongooseImport service(String... keys) {
        String[] lines = new String[keys.length + 4];
        lines[0] = "[[listen.service]]";
        lines[1] = "port = 8888";
        lines[2] = "ip_address = \"127.0.0.1\"";
        lines[3] = "password = \"secret\"";
        System.arraycopy(keys, 0, lines, 4, keys.length);
        return parse(lines);
    }

    @Test
    void theReferenceExampleSectionIsImported() {
        ListenerDraft draft = only(parse(
            "[[listen.service]]",
            "  port = 8888",
            "  access = \"all\"",
            "  shaper_rule = \"fast\"",
            "  ip_address = \"127.0.0.1\"",
            "  password = \"secret\"",
            "",
            "[shaper.fast]",
            "  max_rate = 50_000"));

        assertEquals("mim-8888", draft.id());
        Map<ListenerOption, String> expected = new EnumMap<>(ListenerOption.class);
        expected.put(ListenerOption.PORT, "8888");
        expected.put(ListenerOption.IP_ADDRESS, "127.0.0.1");
        expected.put(ListenerOption.PASSWORD, "secret");
        expected.put(ListenerOption.ACCESS, "all");
        expected.put(ListenerOption.SHAPER, "fast");
        assertEquals(expected, draft.values());
        assertEquals(List.of(), draft.notes());
    }

    @Test
    void theBuiltInShaperWithTheSameRateIsUsedAndNothingIsDefined() {
        MongooseImport imported = service("shaper_rule = \"fast\"", "[shaper]", "fast = {max_rate = 50000}");
        assertEquals("fast", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void aFullConfigurationGivesOneDraftPerServiceAndIgnoresOtherListeners() throws IOException {
        MongooseImport imported = MongooseImport.parse(fullConfiguration(), Shapers.read(store));

        assertTrue(imported.error().isEmpty(), imported.error().orElse(""));
        assertEquals(List.of(), imported.notes());
        assertEquals(List.of("mim-8888", "mim-8889"),
            imported.drafts().stream().map(ListenerDraft::id).collect(Collectors.toList()));

        ListenerDraft everyOption = imported.drafts().get(0);
        Map<ListenerOption, String> expected = new EnumMap<>(ListenerOption.class);
        expected.put(ListenerOption.PORT, "8888");
        expected.put(ListenerOption.IP_ADDRESS, "127.0.0.1");
        expected.put(ListenerOption.PASSWORD, "secret");
        expected.put(ListenerOption.ACCESS, "all");
        expected.put(ListenerOption.SHAPER, "fast");
        expected.put(ListenerOption.CHECK_FROM, "false");
        expected.put(ListenerOption.HIDDEN_COMPONENTS, "true");
        expected.put(ListenerOption.CONFLICT_BEHAVIOUR, "kick_old");
        expected.put(ListenerOption.MAX_FSM_QUEUE, "1000");
        expected.put(ListenerOption.MAX_STANZA_SIZE, "65536");
        expected.put(ListenerOption.STATE_TIMEOUT, "10000");
        assertEquals(expected, everyOption.values());
        assertEquals(List.of(), everyOption.notes());

        ListenerDraft gateway = imported.drafts().get(1);
        assertEquals("8889", gateway.values().get(ListenerOption.PORT));
        assertEquals("::1", gateway.values().get(ListenerOption.IP_ADDRESS));
        assertEquals("gateway-secret", gateway.values().get(ListenerOption.PASSWORD));
        assertEquals("local,partner.example,bot@example.net", gateway.values().get(ListenerOption.ACCESS));
        assertEquals("component_shaper", gateway.values().get(ListenerOption.SHAPER));
        assertEquals(List.of("num_acceptors: not supported by this plugin; not imported"), gateway.notes());

        assertEquals(Map.of("component_shaper", 20_000L), imported.shapers());
    }

    @Test
    void draftsOfTheFullConfigurationAreAcceptedByTheListenerReader() throws IOException {
        MongooseImport imported = MongooseImport.parse(fullConfiguration(), Shapers.read(store));
        store.set(Shapers.PROPERTY, imported.shapers().entrySet().stream()
            .map(shaper -> shaper.getKey() + "=" + shaper.getValue()).collect(Collectors.joining(",")));
        ListenerConfigs configs = new ListenerConfigs(store);
        for (ListenerDraft draft : imported.drafts()) {
            draft.values().forEach((option, value) -> store.set(ListenerConfigs.propertyName(draft.id(), option), value));
            ListenerConfigResult result = configs.read(draft.id());
            assertTrue(result.config().isPresent(), draft.id() + ": " + result.errors());
        }
    }

    @Test
    void newerComponentSectionsAndTheirShaperKeyAreReadToo() {
        ListenerDraft draft = only(parse(
            "[[listen.component]]",
            "  port = 8890",
            "  ip_address = \"127.0.0.1\"",
            "  password = \"secret\"",
            "  shaper = \"fast\"",
            "[shaper.fast]",
            "  max_rate = 50_000"));
        assertEquals("8890", draft.values().get(ListenerOption.PORT));
        assertEquals("fast", draft.values().get(ListenerOption.SHAPER));
    }

    @Test
    void badTomlNamesTheLineItFailedOnAndGivesNoDrafts() {
        MongooseImport imported = parse(
            "[[listen.service]]",
            "  port = 8888",
            "  password = \"unterminated",
            "  check_from = true");
        assertTrue(imported.error().isPresent());
        assertTrue(imported.error().get().contains("line 3, column "), imported.error().get());
        assertEquals(List.of(), imported.drafts());
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void textWithoutServiceSectionSaysSoAndGivesNoDrafts() {
        MongooseImport imported = parse("[[listen.c2s]]", "  port = 5222", "[shaper.fast]", "  max_rate = 50_000");
        assertTrue(imported.error().orElse("").contains("no [[listen.service]] section"),
            imported.error().orElse(""));
        assertEquals(List.of(), imported.drafts());
        assertTrue(parse("").error().isPresent(), "empty text");
    }

    @Test
    void unknownAndUnsupportedKeysAreNotedByName() {
        ListenerDraft draft = only(service(
            "num_acceptors = 10", "backlog = 100", "proxy_protocol = true", "flavour = \"mint\"",
            "tls.mode = \"tls\"", "tls.certfile = \"cert.pem\""));
        for (String key : List.of("num_acceptors", "backlog", "proxy_protocol", "flavour")) {
            assertTrue(noteAbout(draft, key + ":").contains("not supported by this plugin"), key);
        }
        assertEquals("tls: not imported; set tls = direct (and tls_certfile, tls_keyfile for certificate files of its"
            + " own) on the listener after creating it", noteAbout(draft, "tls:"));
        assertEquals(5, draft.notes().size(), draft.notes().toString());
        assertEquals(3, draft.values().size(), "only port, ip_address and password: " + draft.values());
    }

    @Test
    void udpIsRefusedAndTcpNeedsNothing() {
        ListenerDraft udp = only(service("proto = \"udp\""));
        assertTrue(noteAbout(udp, "proto:").contains("only TCP"), udp.notes().toString());
        assertEquals(List.of(), only(service("proto = \"tcp\"", "ip_version = 4")).notes());
    }

    @Test
    void valuesOutOfThePluginsRangeAreNotedWithTheRangeAndNotMapped() {
        ListenerDraft draft = only(service(
            "max_stanza_size = 500", "state_timeout = 50", "max_fsm_queue = 0"));
        for (ListenerOption option : List.of(ListenerOption.MAX_STANZA_SIZE, ListenerOption.STATE_TIMEOUT,
            ListenerOption.MAX_FSM_QUEUE)) {
            String note = noteAbout(draft, option.key());
            assertTrue(note.contains(option.min() + " and " + option.max()), note);
            assertTrue(note.contains("default"), note);
            assertFalse(draft.values().containsKey(option), option.key());
        }
        ListenerDraft port = only(parse("[[listen.service]]", "port = 70000", "ip_address = \"127.0.0.1\"",
            "password = \"x\""));
        assertTrue(noteAbout(port, "port").contains(ListenerOption.PORT.max() + ""), port.notes().toString());
        assertFalse(port.values().containsKey(ListenerOption.PORT));
        assertEquals("mim-service-1", port.id());
    }

    @Test
    void refusedValuesCarryTheValidatorsMessage() {
        ListenerDraft draft = only(parse("[[listen.service]]", "port = 8888", "ip_address = \"localhost\"",
            "password = \"x\"", "conflict_behaviour = \"replace\""));
        assertEquals(ListenerOption.IP_ADDRESS.validate("localhost").orElseThrow().english(),
            noteAbout(draft, "ip_address").split(";")[0]);
        assertEquals(ListenerOption.CONFLICT_BEHAVIOUR.validate("replace").orElseThrow().english(),
            noteAbout(draft, "conflict_behaviour").split(";")[0]);
        assertFalse(draft.values().containsKey(ListenerOption.IP_ADDRESS));
        assertFalse(draft.values().containsKey(ListenerOption.CONFLICT_BEHAVIOUR));
    }

    @Test
    void valuesOfTheWrongTomlTypeAreNotMapped() {
        ListenerDraft draft = only(parse("[[listen.service]]", "port = \"8888\"", "ip_address = \"127.0.0.1\"",
            "password = \"x\"", "check_from = \"yes\""));
        assertTrue(noteAbout(draft, "port").contains("whole number"), draft.notes().toString());
        assertTrue(noteAbout(draft, "check_from").contains("true or false"), draft.notes().toString());
        assertFalse(draft.values().containsKey(ListenerOption.PORT));
        assertFalse(draft.values().containsKey(ListenerOption.CHECK_FROM));
    }

    @Test
    void unlimitedStanzaSizeKeepsThePluginsLimitAndUnlimitedQueueMeansNoLimit() {
        ListenerDraft draft = only(service("max_stanza_size = \"infinity\"", "max_fsm_queue = \"infinity\""));
        String note = noteAbout(draft, "max_stanza_size");
        assertTrue(note.contains(ListenerOption.MAX_STANZA_SIZE.max() + ""), note);
        assertTrue(note.contains(ListenerOption.MAX_STANZA_SIZE.defaultValue()), note);
        assertFalse(draft.values().containsKey(ListenerOption.MAX_STANZA_SIZE));
        assertEquals("", draft.values().get(ListenerOption.MAX_FSM_QUEUE));
    }

    @Test
    void missingRequiredSettingsAreNoted() {
        ListenerDraft draft = only(parse("[[listen.service]]", "ip_version = 6"));
        assertEquals("mim-service-1", draft.id());
        assertTrue(noteAbout(draft, "port").contains("8888"), draft.notes().toString());
        assertTrue(noteAbout(draft, "password").contains("default component secret"), draft.notes().toString());
        assertTrue(noteAbout(draft, "ip_address").contains("::"), draft.notes().toString());
        assertEquals(Map.of(), draft.values());
    }

    @Test
    void aDenyRuleIsNotTranslatedAndTheDefaultIsSaid() {
        ListenerDraft draft = only(service(
            "access = \"c2s\"",
            "[access]",
            "c2s = [{acl = \"blocked\", value = \"deny\"}, {acl = \"all\", value = \"allow\"}]",
            "[acl]",
            "blocked = [{user = \"spammer\", server = \"example.org\"}]"));
        String note = noteAbout(draft, "access");
        assertTrue(note.contains("'c2s'") && note.contains("denies acl 'blocked'"), note);
        assertTrue(note.contains("default access all"), note);
        assertFalse(draft.values().containsKey(ListenerOption.ACCESS));
    }

    @Test
    void aRuleWhoseFirstClauseAllowsEverybodyIsAll() {
        ListenerDraft draft = only(service(
            "access = \"open\"",
            "[access]",
            "open = [{acl = \"all\", value = \"allow\"}, {acl = \"blocked\", value = \"deny\"}]"));
        assertEquals("all", draft.values().get(ListenerOption.ACCESS));
        assertEquals(List.of(), draft.notes());
    }

    @Test
    void allowOnlyRulesBecomeTheListOfTheirPatterns() {
        ListenerDraft draft = only(service(
            "access = \"component\"",
            "[access]",
            "component = [{acl = \"local\", value = \"allow\"}, {acl = \"friends\", value = \"allow\"},",
            "             {acl = \"nobody\", value = \"allow\"}]",
            "[acl]",
            "local = [{match = \"current_domain\"}]",
            "friends = [{user = \"alice\", server = \"example.org\"}, {server = \"partner.example\"}]",
            "nobody = [{match = \"none\"}]"));
        assertEquals("local,alice@example.org,partner.example", draft.values().get(ListenerOption.ACCESS));
        assertEquals(List.of(), draft.notes());

        ListenerDraft everybody = only(service(
            "access = \"everyone\"",
            "[access]",
            "everyone = [{acl = \"local\", value = \"allow\"}, {acl = \"world\", value = \"allow\"}]",
            "[acl]",
            "local = [{}]",
            "world = [{match = \"all\"}]"));
        assertEquals("all", everybody.values().get(ListenerOption.ACCESS));
    }

    @Test
    void patternsWithoutEquivalentRefuseTheRuleAndSayWhy() {
        Map<String, String> reasons = Map.of(
            "{user_regexp = \"^bot\"}", "regular expression",
            "{server_glob = \"*.example\"}", "glob pattern",
            "{user = \"alice\", server = \"example.org\", resource = \"phone\"}", "resource",
            "{user = \"alice\"}", "without a server");
        for (Map.Entry<String, String> pattern : reasons.entrySet()) {
            ListenerDraft draft = only(service(
                "access = \"component\"",
                "[access]",
                "component = [{acl = \"some\", value = \"allow\"}]",
                "[acl]",
                "some = [" + pattern.getKey() + "]"));
            String note = noteAbout(draft, "access");
            assertTrue(note.contains("'component'") && note.contains(pattern.getValue()), note);
            assertFalse(draft.values().containsKey(ListenerOption.ACCESS), pattern.getKey());
        }
    }

    @Test
    void undefinedRulesAndAccessClassesAreNoted() {
        ListenerDraft undefinedRule = only(service("access = \"component\""));
        assertTrue(noteAbout(undefinedRule, "access").contains("'component' is not defined in the [access] section"),
            undefinedRule.notes().toString());
        assertFalse(undefinedRule.values().containsKey(ListenerOption.ACCESS));

        ListenerDraft undefinedClass = only(service(
            "access = \"component\"", "[access]", "component = [{acl = \"staff\", value = \"allow\"}]"));
        assertTrue(noteAbout(undefinedClass, "access").contains("acl 'staff', which is not defined"),
            undefinedClass.notes().toString());

        ListenerDraft notAllowOrDeny = only(service(
            "access = \"sessions\"", "[access]", "sessions = [{acl = \"all\", value = 10}]"));
        assertTrue(noteAbout(notAllowOrDeny, "access").contains("value 10"), notAllowOrDeny.notes().toString());
    }

    @Test
    void aShaperWithTheNameOfABuiltInButAnotherRateIsRenamed() {
        MongooseImport imported = service("shaper_rule = \"fast\"", "[shaper.fast]", "max_rate = 100_000");
        ListenerDraft draft = only(imported);
        assertEquals("mim-fast", draft.values().get(ListenerOption.SHAPER));
        assertEquals(Map.of("mim-fast", 100_000L), imported.shapers());
        String note = noteAbout(draft, "shaper_rule");
        assertTrue(note.contains("'mim-fast'") && note.contains("50000"), note);
    }

    @Test
    void aShaperNameThePluginRefusesIsRenamedToo() {
        MongooseImport imported = service("shaper_rule = \"component.shaper\"",
            "[shaper]", "\"component.shaper\" = {max_rate = 2000}");
        assertEquals("mim-component-shaper", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of("mim-component-shaper", 2000L), imported.shapers());
    }

    @Test
    void anAdminDefinedShaperWithTheSameRateIsReused() {
        store.set(Shapers.PROPERTY, "slow=500");
        MongooseImport imported = service("shaper_rule = \"slow\"", "[shaper.slow]", "max_rate = 500");
        assertEquals("slow", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void servicesSharingAShaperShareOneDefinition() {
        MongooseImport imported = parse(
            "[[listen.service]]", "port = 8888", "ip_address = \"127.0.0.1\"", "password = \"a\"",
            "shaper_rule = \"gw\"",
            "[[listen.service]]", "port = 8889", "ip_address = \"127.0.0.1\"", "password = \"b\"",
            "shaper_rule = \"gw\"",
            "[shaper.gw]", "max_rate = 3000");
        assertEquals(Map.of("gw", 3000L), imported.shapers());
        for (ListenerDraft draft : imported.drafts()) {
            assertEquals("gw", draft.values().get(ListenerOption.SHAPER));
        }
    }

    @Test
    void shapersThatCannotBeMappedAreNoted() {
        ListenerDraft undefined = only(service("shaper_rule = \"turbo\""));
        assertTrue(noteAbout(undefined, "shaper_rule").contains("'turbo' is not defined in the [shaper] section"),
            undefined.notes().toString());
        assertFalse(undefined.values().containsKey(ListenerOption.SHAPER));

        MongooseImport tooSlow = service("shaper_rule = \"mam_shaper\"", "[shaper.mam_shaper]", "max_rate = 1");
        String note = noteAbout(only(tooSlow), "shaper_rule");
        assertTrue(note.contains(Shapers.MIN_RATE + " B/s"), note);
        assertFalse(only(tooSlow).values().containsKey(ListenerOption.SHAPER));
        assertEquals(Map.of(), tooSlow.shapers());

        assertEquals("none", only(service("shaper_rule = \"none\"")).values().get(ListenerOption.SHAPER));
    }

    @Test
    void duplicatePortsGetDistinctIdsAndANote() {
        MongooseImport imported = parse(
            "[[listen.service]]", "port = 8888", "ip_address = \"127.0.0.1\"", "password = \"a\"",
            "[[listen.service]]", "port = 8888", "ip_address = \"127.0.0.1\"", "password = \"b\"",
            "[[listen.service]]", "port = 8889", "ip_address = \"127.0.0.1\"", "password = \"c\"");
        List<ListenerDraft> drafts = imported.drafts();
        assertEquals(List.of("mim-8888", "mim-8888-2", "mim-8889"),
            drafts.stream().map(ListenerDraft::id).collect(Collectors.toList()));
        for (ListenerDraft draft : drafts) {
            assertTrue(draft.id().matches(ID_RULE), draft.id());
        }
        assertNotEquals(drafts.get(0).id(), drafts.get(1).id());
        assertTrue(noteAbout(drafts.get(0), "port").contains("mim-8888-2"), drafts.get(0).notes().toString());
        assertTrue(noteAbout(drafts.get(1), "port").contains("mim-8888 "), drafts.get(1).notes().toString());
        assertEquals(List.of(), drafts.get(2).notes());
    }

    @Test
    void aSectionWithoutPortSharesThePluginsDefaultPort() {
        MongooseImport imported = parse(
            "[[listen.service]]", "port = 8888", "ip_address = \"127.0.0.1\"", "password = \"a\"",
            "[[listen.service]]", "ip_address = \"127.0.0.1\"", "password = \"b\"");
        ListenerDraft withPort = imported.drafts().get(0);
        ListenerDraft withoutPort = imported.drafts().get(1);
        assertEquals("mim-service-2", withoutPort.id());
        assertTrue(noteAbout(withPort, "port").contains("mim-service-2"), withPort.notes().toString());
        assertTrue(withoutPort.notes().stream().anyMatch(note -> note.contains("also the port of mim-8888")),
            withoutPort.notes().toString());
    }
}
