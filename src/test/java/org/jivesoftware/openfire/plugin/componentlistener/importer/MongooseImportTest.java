package org.jivesoftware.openfire.plugin.componentlistener.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigResult;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turning pasted MongooseIM configuration into listener drafts, shapers to define and notes. */
class MongooseImportTest {
    private static final String ID_RULE = "[A-Za-z0-9_-]{1,32}";

    private final MapPropertyStore store = new MapPropertyStore();

    private ConfigurationImport parse(String... lines) {
        return ConfigurationImport.read(String.join("\n", lines), Shapers.read(store));
    }

    private static ListenerDraft only(ConfigurationImport imported) {
        assertEquals(List.of(), imported.error().stream().collect(Collectors.toList()));
        assertEquals(1, imported.drafts().size(), "drafts: " + imported.drafts().size());
        return imported.drafts().get(0);
    }

    /** The single note about the MongooseIM key (its first argument), failing when there is none or more than one. */
    private static Message noteAbout(ListenerDraft draft, String key) {
        List<Message> found = draft.notes().stream().filter(note -> note.args().get(0).equals(key))
            .collect(Collectors.toList());
        assertEquals(1, found.size(), "one note about " + key + " in " + draft.notes());
        return found.get(0);
    }

    /** What a note says of an option left at its default. */
    private static Message keepsDefault(ListenerOption option) {
        Message theDefault = option.defaultValue().isEmpty() ? Message.of("import.default.empty", option.key())
            : Message.of(option == ListenerOption.ACCESS ? "import.default.access" : "import.default", option.key(),
                option.defaultValue());
        return Message.of("import.default.kept", theDefault);
    }

    private static String fullConfiguration() throws IOException {
        try (InputStream in = MongooseImportTest.class.getResourceAsStream("/mongooseim/mongooseim.toml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A service section with every key MongooseIM requires, so that only the keys under test leave notes. */
    private ConfigurationImport service(String... keys) {
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
        ConfigurationImport imported = service("shaper_rule = \"fast\"", "[shaper]", "fast = {max_rate = 50000}");
        assertEquals("fast", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void aFullConfigurationGivesOneDraftPerServiceAndIgnoresOtherListeners() throws IOException {
        ConfigurationImport imported = ConfigurationImport.read(fullConfiguration(), Shapers.read(store));

        assertTrue(imported.error().isEmpty(), String.valueOf(imported.error()));
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
        assertEquals(List.of(Message.of("import.note.unsupported", "num_acceptors")), gateway.notes());

        assertEquals(Map.of("component_shaper", 20_000L), imported.shapers());
    }

    @Test
    void draftsOfTheFullConfigurationAreAcceptedByTheListenerReader() throws IOException {
        ConfigurationImport imported = ConfigurationImport.read(fullConfiguration(), Shapers.read(store));
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
        ConfigurationImport imported = parse(
            "[[listen.service]]",
            "  port = 8888",
            "  password = \"unterminated",
            "  check_from = true");
        assertTrue(imported.error().isPresent());
        assertEquals("import.error.toml", imported.error().get().key());
        assertEquals("3", imported.error().get().args().get(0), imported.error().get().toString());
        assertEquals(List.of(), imported.drafts());
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void textWithoutServiceSectionSaysSoAndGivesNoDrafts() {
        ConfigurationImport imported = parse("[[listen.c2s]]", "  port = 5222", "[shaper.fast]", "  max_rate = 50_000");
        assertEquals(Optional.of(Message.of("import.error.noservice")), imported.error());
        assertEquals(List.of(), imported.drafts());
        assertTrue(parse("").error().isPresent(), "empty text");
    }

    @Test
    void unknownAndUnsupportedKeysAreNotedByName() {
        ListenerDraft draft = only(service(
            "num_acceptors = 10", "backlog = 100", "proxy_protocol = true", "flavour = \"mint\"",
            "tls.mode = \"tls\"", "tls.certfile = \"cert.pem\""));
        for (String key : List.of("num_acceptors", "backlog", "proxy_protocol", "flavour")) {
            assertEquals(Message.of("import.note.unsupported", key), noteAbout(draft, key));
        }
        assertEquals(Message.of("import.note.tls.unusable", "tls.certfile", "cert.pem"),
            noteAbout(draft, "tls.certfile"));
        assertEquals(5, draft.notes().size(), draft.notes().toString());
        assertEquals(4, draft.values().size(), "only port, ip_address, password and tls: " + draft.values());
        assertEquals("direct", draft.values().get(ListenerOption.TLS));
    }

    @Test
    void udpIsRefusedAndTcpNeedsNothing() {
        ListenerDraft udp = only(service("proto = \"udp\""));
        assertEquals(Message.of("import.note.proto", "proto", "\"udp\""), noteAbout(udp, "proto"));
        assertEquals(List.of(), only(service("proto = \"tcp\"", "ip_version = 4")).notes());
    }

    @Test
    void valuesOutOfThePluginsRangeAreNotedWithTheRangeAndNotMapped() {
        ListenerDraft draft = only(service(
            "max_stanza_size = 500", "state_timeout = 50", "max_fsm_queue = 0"));
        for (ListenerOption option : List.of(ListenerOption.MAX_STANZA_SIZE, ListenerOption.STATE_TIMEOUT,
            ListenerOption.MAX_FSM_QUEUE)) {
            Message note = noteAbout(draft, option.key());
            assertEquals("import.note.invalid", note.key());
            assertEquals(List.of(option.key(), String.valueOf(option.min()), String.valueOf(option.max())),
                ((Message) note.args().get(1)).args().subList(0, 3), note.toString());
            assertEquals(keepsDefault(option), note.args().get(2));
            assertFalse(draft.values().containsKey(option), option.key());
        }
        ListenerDraft port = only(parse("[[listen.service]]", "port = 70000", "ip_address = \"127.0.0.1\"",
            "password = \"x\""));
        assertEquals(Message.of("import.note.invalid", "port", ListenerOption.PORT.validate("70000").orElseThrow(),
            keepsDefault(ListenerOption.PORT)), noteAbout(port, "port"));
        assertEquals(Message.of("error.option.range", "port", "1", "65535", "70000"),
            ListenerOption.PORT.validate("70000").orElseThrow());
        assertFalse(port.values().containsKey(ListenerOption.PORT));
        assertEquals("mim-service-1", port.id());
    }

    @Test
    void refusedValuesCarryTheValidatorsMessage() {
        ListenerDraft draft = only(parse("[[listen.service]]", "port = 8888", "ip_address = \"localhost\"",
            "password = \"x\"", "conflict_behaviour = \"replace\""));
        assertEquals(Message.of("import.note.invalid", "ip_address",
            ListenerOption.IP_ADDRESS.validate("localhost").orElseThrow(), keepsDefault(ListenerOption.IP_ADDRESS)),
            noteAbout(draft, "ip_address"));
        assertEquals(Message.of("import.note.invalid", "conflict_behaviour",
            ListenerOption.CONFLICT_BEHAVIOUR.validate("replace").orElseThrow(),
            keepsDefault(ListenerOption.CONFLICT_BEHAVIOUR)), noteAbout(draft, "conflict_behaviour"));
        assertFalse(draft.values().containsKey(ListenerOption.IP_ADDRESS));
        assertFalse(draft.values().containsKey(ListenerOption.CONFLICT_BEHAVIOUR));
    }

    @Test
    void valuesOfTheWrongTomlTypeAreNotMapped() {
        ListenerDraft draft = only(parse("[[listen.service]]", "port = \"8888\"", "ip_address = \"127.0.0.1\"",
            "password = \"x\"", "check_from = \"yes\""));
        assertEquals(Message.of("import.note.type", "port", Message.of("import.type.integer"),
            Message.of("import.type.string"), keepsDefault(ListenerOption.PORT)), noteAbout(draft, "port"));
        assertEquals(Message.of("import.note.type", "check_from", Message.of("import.type.boolean"),
            Message.of("import.type.string"), keepsDefault(ListenerOption.CHECK_FROM)), noteAbout(draft, "check_from"));
        assertFalse(draft.values().containsKey(ListenerOption.PORT));
        assertFalse(draft.values().containsKey(ListenerOption.CHECK_FROM));
    }

    @Test
    void unlimitedStanzaSizeKeepsThePluginsLimitAndUnlimitedQueueMeansNoLimit() {
        ListenerDraft draft = only(service("max_stanza_size = \"infinity\"", "max_fsm_queue = \"infinity\""));
        assertEquals(Message.of("import.note.infinity", "max_stanza_size", "1024", "67108864",
            keepsDefault(ListenerOption.MAX_STANZA_SIZE)), noteAbout(draft, "max_stanza_size"));
        assertFalse(draft.values().containsKey(ListenerOption.MAX_STANZA_SIZE));
        assertEquals("", draft.values().get(ListenerOption.MAX_FSM_QUEUE));
    }

    @Test
    void missingRequiredSettingsAreNoted() {
        ListenerDraft draft = only(parse("[[listen.service]]", "ip_version = 6"));
        assertEquals("mim-service-1", draft.id());
        assertEquals(Message.of("import.note.required", "port", Message.of("import.default", "port", "8888")),
            noteAbout(draft, "port"));
        assertEquals(Message.of("import.note.password", "password"), noteAbout(draft, "password"));
        assertEquals(Message.of("import.note.address", "ip_address", "::", "127.0.0.1"),
            noteAbout(draft, "ip_address"));
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
        assertEquals(Message.of("import.note.unmapped", "access", Message.of("import.access.refused", "c2s",
            Message.of("import.access.deny", "blocked")), keepsDefault(ListenerOption.ACCESS)),
            noteAbout(draft, "access"));
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
            "{user_regexp = \"^bot\"}", "import.access.pattern.regexp",
            "{server_glob = \"*.example\"}", "import.access.pattern.glob",
            "{user = \"alice\", server = \"example.org\", resource = \"phone\"}", "import.access.pattern.resource",
            "{user = \"alice\"}", "import.access.pattern.user");
        for (Map.Entry<String, String> pattern : reasons.entrySet()) {
            ListenerDraft draft = only(service(
                "access = \"component\"",
                "[access]",
                "component = [{acl = \"some\", value = \"allow\"}]",
                "[acl]",
                "some = [" + pattern.getKey() + "]"));
            Message refused = (Message) noteAbout(draft, "access").args().get(1);
            assertEquals(List.of("component", Message.of("import.access.pattern", "some", pattern.getKey(),
                Message.of(pattern.getValue()))), refused.args());
            assertFalse(draft.values().containsKey(ListenerOption.ACCESS), pattern.getKey());
        }
    }

    @Test
    void undefinedRulesAndAccessClassesAreNoted() {
        ListenerDraft undefinedRule = only(service("access = \"component\""));
        assertEquals(Message.of("import.access.refused", "component", Message.of("import.access.undefined")),
            noteAbout(undefinedRule, "access").args().get(1));
        assertFalse(undefinedRule.values().containsKey(ListenerOption.ACCESS));

        ListenerDraft undefinedClass = only(service(
            "access = \"component\"", "[access]", "component = [{acl = \"staff\", value = \"allow\"}]"));
        assertEquals(Message.of("import.access.refused", "component",
            Message.of("import.access.acl.undefined", "staff")), noteAbout(undefinedClass, "access").args().get(1));

        ListenerDraft notAllowOrDeny = only(service(
            "access = \"sessions\"", "[access]", "sessions = [{acl = \"all\", value = 10}]"));
        assertEquals(Message.of("import.access.refused", "sessions", Message.of("import.access.value", "all", "10")),
            noteAbout(notAllowOrDeny, "access").args().get(1));
    }

    @Test
    void aShaperWithTheNameOfABuiltInButAnotherRateIsRenamed() {
        ConfigurationImport imported = service("shaper_rule = \"fast\"", "[shaper.fast]", "max_rate = 100_000");
        ListenerDraft draft = only(imported);
        assertEquals("mim-fast", draft.values().get(ListenerOption.SHAPER));
        assertEquals(Map.of("mim-fast", 100_000L), imported.shapers());
        assertEquals(Message.of("import.note.remark", "shaper_rule", Message.of("import.shaper.renamed", "fast",
            "100000", "mim-fast", Message.of("import.shaper.taken", "fast", "50000"))),
            noteAbout(draft, "shaper_rule"));
    }

    @Test
    void aShaperNameThePluginRefusesIsRenamedToo() {
        ConfigurationImport imported = service("shaper_rule = \"component.shaper\"",
            "[shaper]", "\"component.shaper\" = {max_rate = 2000}");
        assertEquals("mim-component-shaper", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of("mim-component-shaper", 2000L), imported.shapers());
    }

    @Test
    void anAdminDefinedShaperWithTheSameRateIsReused() {
        store.set(Shapers.PROPERTY, "slow=500");
        ConfigurationImport imported = service("shaper_rule = \"slow\"", "[shaper.slow]", "max_rate = 500");
        assertEquals("slow", only(imported).values().get(ListenerOption.SHAPER));
        assertEquals(Map.of(), imported.shapers());
    }

    @Test
    void servicesSharingAShaperShareOneDefinition() {
        ConfigurationImport imported = parse(
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
        assertEquals(Message.of("import.shaper.refused", "turbo", Message.of("import.shaper.undefined")),
            noteAbout(undefined, "shaper_rule").args().get(1));
        assertFalse(undefined.values().containsKey(ListenerOption.SHAPER));

        ConfigurationImport tooSlow = service("shaper_rule = \"mam_shaper\"", "[shaper.mam_shaper]", "max_rate = 1");
        assertEquals(Message.of("import.shaper.refused", "mam_shaper", Message.of("import.shaper.slow", "1",
            String.valueOf(Shapers.MIN_RATE))), noteAbout(only(tooSlow), "shaper_rule").args().get(1));
        assertFalse(only(tooSlow).values().containsKey(ListenerOption.SHAPER));
        assertEquals(Map.of(), tooSlow.shapers());

        assertEquals("none", only(service("shaper_rule = \"none\"")).values().get(ListenerOption.SHAPER));
    }

    @Test
    void duplicatePortsGetDistinctIdsAndANote() {
        ConfigurationImport imported = parse(
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
        assertEquals(Message.of("import.note.sharedport", "port", "8888", "mim-8888-2"), noteAbout(drafts.get(0), "port"));
        assertEquals(Message.of("import.note.sharedport", "port", "8888", "mim-8888"), noteAbout(drafts.get(1), "port"));
        assertEquals(List.of(), drafts.get(2).notes());
    }

    @Test
    void aSectionWithoutPortSharesThePluginsDefaultPort() {
        ConfigurationImport imported = parse(
            "[[listen.service]]", "port = 8888", "ip_address = \"127.0.0.1\"", "password = \"a\"",
            "[[listen.service]]", "ip_address = \"127.0.0.1\"", "password = \"b\"");
        ListenerDraft withPort = imported.drafts().get(0);
        ListenerDraft withoutPort = imported.drafts().get(1);
        assertEquals("mim-service-2", withoutPort.id());
        assertEquals(Message.of("import.note.sharedport", "port", "8888", "mim-service-2"), noteAbout(withPort, "port"));
        assertTrue(withoutPort.notes().contains(Message.of("import.note.sharedport", "port", "8888", "mim-8888")),
            withoutPort.notes().toString());
    }

    @Test
    void tlsFilesAreUsedWhenAbsoluteAndReadableOtherwiseOpenfiresCertificate(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        ListenerDraft both = only(service("tls.certfile = \"" + cert + "\"", "tls.keyfile = \"" + key + "\""));
        assertEquals("direct", both.values().get(ListenerOption.TLS));
        assertEquals(cert.toString(), both.values().get(ListenerOption.TLS_CERTFILE));
        assertEquals(key.toString(), both.values().get(ListenerOption.TLS_KEYFILE));

        ListenerDraft missingKey = only(service("tls.certfile = \"" + cert + "\"",
            "tls.keyfile = \"" + dir.resolve("gone.pem") + "\""));
        assertEquals(Message.of("import.note.tls.unusable", "tls.keyfile", dir.resolve("gone.pem").toString()),
            noteAbout(missingKey, "tls.keyfile"));
        assertEquals("", missingKey.values().getOrDefault(ListenerOption.TLS_CERTFILE, ""));

        ListenerDraft none = only(service("tls.ciphers = \"HIGH\"", "tls.password = \"pw\""));
        assertEquals("direct", none.values().get(ListenerOption.TLS));
        assertEquals(Message.of("import.note.tls.own", "tls.certfile"), noteAbout(none, "tls.certfile"));
        assertEquals(Message.of("import.note.unsupported", "tls.password"), noteAbout(none, "tls.password"));

        ListenerDraft starttls = only(service("tls.mode = \"starttls\""));
        assertEquals(Message.of("import.note.tls.mode", "tls.mode", "\"starttls\""), noteAbout(starttls, "tls.mode"));
        assertEquals(null, starttls.values().get(ListenerOption.TLS), "stays plaintext");
    }
}
