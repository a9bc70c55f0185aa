package org.jivesoftware.openfire.plugin.componentlistener.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.config.Shapers;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ejabberd's default ejabberd.yml with two ejabberd_service listeners (and a third commented out). */
class EjabberdImportTest {
    private final MapPropertyStore store = new MapPropertyStore();

    private static String file() throws Exception {
        try (InputStream in = EjabberdImportTest.class.getResourceAsStream("/ejabberd/ejabberd.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ConfigurationImport read(String text) {
        return ConfigurationImport.read(text, Shapers.read(store));
    }

    private static boolean notes(ListenerDraft draft, Message note) {
        return draft.notes().contains(note);
    }

    @Test
    void theServiceListenersOfTheDefaultFileAreRecognisedAndMapped() throws Exception {
        ConfigurationImport imported = read(file());
        assertEquals(ImportFormat.EJABBERD, imported.format());
        assertEquals(Optional.empty(), imported.error());
        assertEquals(List.of("localhost"), imported.serverDomains());
        assertEquals(2, imported.drafts().size(), "only ejabberd_service entries, not the commented-out one");

        ListenerDraft gateway = imported.drafts().get(0);
        assertEquals("ejabberd-8888", gateway.id());
        Map<ListenerOption, String> values = gateway.values();
        assertEquals("8888", values.get(ListenerOption.PORT));
        assertEquals("127.0.0.1", values.get(ListenerOption.IP_ADDRESS));
        assertEquals("gateway-secret", values.get(ListenerOption.PASSWORD));
        assertEquals("false", values.get(ListenerOption.CHECK_FROM));
        assertEquals("65536", values.get(ListenerOption.MAX_STANZA_SIZE));
        assertEquals("admin@localhost,gateway.localhost,local", values.get(ListenerOption.ACCESS));
        assertEquals("component_fast", values.get(ListenerOption.SHAPER), "the rule's one shaper for everybody");
        assertEquals(Map.of("component_fast", 250_000L), imported.shapers());
        assertEquals(List.of("icq.localhost", "sms.localhost", "irc.localhost"), gateway.componentDomains());
        assertEquals(Map.of("icq.localhost", "icq-secret", "sms.localhost", "sms-secret"),
            gateway.componentSecrets(), "only the hosts with a password of their own");
        assertEquals(List.of(), gateway.notes());
    }

    @Test
    void everyRefusalOfTheSecondListenerIsNoted() throws Exception {
        ListenerDraft bot = read(file()).drafts().get(1);
        assertEquals("direct", bot.values().get(ListenerOption.TLS));
        assertTrue(notes(bot, Message.of("import.note.tls.unusable", "certfile", "/etc/ejabberd/component.pem")),
            bot.notes().toString());
        assertTrue(notes(bot, Message.of("import.note.unmapped", "access", Message.of("import.ejabberd.access.refused",
            "c2s", Message.of("import.access.value", "blocked", "deny")),
            Message.of("import.default.kept", Message.of("import.default.access", "access", "all")))),
            bot.notes().toString());
        assertTrue(notes(bot, Message.of("import.note.unmapped", "shaper_rule",
            Message.of("import.ejabberd.shaperrule", "per_user_shaper"),
            Message.of("import.default.kept", Message.of("import.default", "shaper", "none")))), bot.notes().toString());
        assertTrue(notes(bot, Message.of("import.note.infinity", "max_stanza_size", "1024", "67108864",
            Message.of("import.default.kept", Message.of("import.default", "max_stanza_size", "1048576")))),
            bot.notes().toString());
        assertTrue(notes(bot, Message.of("import.note.unsupported", "global_routes")), bot.notes().toString());
        assertTrue(notes(bot, Message.of("import.note.address", "ip", "0.0.0.0", "127.0.0.1")),
            bot.notes().toString());
        assertEquals(Map.of("bot.localhost", "bot-secret"), bot.componentSecrets());
    }

    @Test
    void aReadableCertfileIsBothCertificateAndKey(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("component.pem"), "certificate and key");
        ListenerDraft bot = read(file().replace("/etc/ejabberd/component.pem", pem.toString())).drafts().get(1);
        assertEquals(pem.toString(), bot.values().get(ListenerOption.TLS_CERTFILE));
        assertEquals(pem.toString(), bot.values().get(ListenerOption.TLS_KEYFILE));
    }

    @Test
    void aShaperThePluginHasWithAnotherRateIsRenamedAndAnUndefinedAclIsRefused() throws Exception {
        Shapers.define(store, Map.of("component_fast", 1000L));
        String text = file().replace("      - gateways\n", "      - gateways\n      - nobody_defined\n");
        ListenerDraft gateway = read(text).drafts().get(0);
        assertEquals("ejabberd-component_fast", gateway.values().get(ListenerOption.SHAPER));
        assertEquals("all", gateway.values().getOrDefault(ListenerOption.ACCESS, "all"));
        assertTrue(gateway.notes().stream().anyMatch(note -> note.toString().contains("import.ejabberd.acl.undefined")),
            gateway.notes().toString());
    }

    @Test
    void badYamlAndAFileWithoutServicesAreRefusedWithTheirReason() {
        ConfigurationImport bad = read("listen:\n\t- port: 8888\n");
        assertEquals("import.error.yaml", bad.error().orElseThrow().key());
        assertEquals("2", bad.error().orElseThrow().args().get(0), bad.error().toString());
        assertEquals(Optional.of(Message.of("import.error.ejabberd.noservice")),
            read("hosts:\n  - localhost\nlisten:\n  - port: 5222\n    module: ejabberd_c2s\n").error());
    }
}
