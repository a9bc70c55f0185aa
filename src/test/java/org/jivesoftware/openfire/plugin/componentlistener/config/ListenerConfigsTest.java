package org.jivesoftware.openfire.plugin.componentlistener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;

/** Reading, defaulting and validating listener definitions from properties. */
class ListenerConfigsTest {
    private final MapPropertyStore store = new MapPropertyStore();
    private final ListenerConfigs configs = new ListenerConfigs(store);

    @Test
    void firstInstallDefinesTheDefaultListenerOnce() {
        configs.defineDefaultListenerIfNone();
        assertEquals("default", store.get("plugin.componentlistener.listeners"));
        assertEquals("8888", store.get("plugin.componentlistener.listener.default.port"));
        assertEquals("127.0.0.1", store.get("plugin.componentlistener.listener.default.ip_address"));

        store.set("plugin.componentlistener.listeners", "");
        configs.defineDefaultListenerIfNone();
        assertEquals("", store.get("plugin.componentlistener.listeners"), "an admin who removed all keeps none");
    }

    @Test
    void absentOptionsTakeTheirDefaults() {
        store.set(ListenerConfigs.LISTENERS, "main");
        ListenerConfig config = configs.read("main").config().orElseThrow();
        assertTrue(config.enabled());
        assertEquals(8888, config.port());
        assertEquals("127.0.0.1", config.ipAddress());
        assertEquals(Optional.empty(), config.password());
        assertTrue(config.checkFrom());
        assertEquals(1_048_576, config.maxStanzaSize());
        assertEquals(5000, config.stateTimeoutMillis());
    }

    @Test
    void setOptionsAreRead() {
        store.set("plugin.componentlistener.listener.gw.port", "5347");
        store.set("plugin.componentlistener.listener.gw.ip_address", "::1");
        store.set("plugin.componentlistener.listener.gw.password", "pw");
        store.set("plugin.componentlistener.listener.gw.check_from", "FALSE");
        ListenerConfig config = configs.read("gw").config().orElseThrow();
        assertEquals(5347, config.port());
        assertEquals("::1", config.ipAddress());
        assertEquals(Optional.of("pw"), config.password());
        assertFalse(config.checkFrom());
    }

    @Test
    void everyBadValueIsReportedByName() {
        store.set("plugin.componentlistener.listener.bad.port", "0");
        store.set("plugin.componentlistener.listener.bad.ip_address", "localhost");
        store.set("plugin.componentlistener.listener.bad.max_stanza_size", "-1");
        store.set("plugin.componentlistener.listener.bad.state_timeout", "soon");
        ListenerConfigResult result = configs.read("bad");
        assertTrue(result.config().isEmpty());
        List<Message> errors = result.errors();
        assertEquals(4, errors.size(), errors.toString());
        assertEquals(Message.of("error.option.range", "port", "1", "65535", "0"), errors.get(0));
        assertEquals(Message.of("error.option.address", "ip_address", "localhost"), errors.get(1));
        assertEquals(Message.of("error.option.range", "max_stanza_size", "1024", "67108864", "-1"), errors.get(2));
        assertEquals(Message.of("error.option.integer", "state_timeout", "soon"), errors.get(3));
    }

    @Test
    void tlsOptionsAreCheckedAloneAndTogether() {
        store.set("plugin.componentlistener.listener.a.tls", "starttls");
        store.set("plugin.componentlistener.listener.a.tls_certfile", "certs/chain.pem");
        assertEquals(List.of(Message.of("error.option.choice", "tls", "none, direct", "starttls"),
            Message.of("error.option.path", "tls_certfile", "certs/chain.pem"),
            Message.of("error.option.together", "tls_keyfile", "tls_certfile")), configs.read("a").errors());

        store.set("plugin.componentlistener.listener.b.tls", "direct");
        store.set("plugin.componentlistener.listener.b.tls_keyfile", "/etc/ssl/key.pem");
        assertEquals(List.of(Message.of("error.option.together", "tls_certfile", "tls_keyfile")),
            configs.read("b").errors());

        store.set("plugin.componentlistener.listener.b.tls_certfile", "/etc/ssl/chain.pem");
        ListenerConfig files = configs.read("b").config().orElseThrow();
        assertTrue(files.directTls());
        assertEquals(Paths.get("/etc/ssl/chain.pem"), files.pemFiles().orElseThrow().certificateFile());
        assertEquals(Paths.get("/etc/ssl/key.pem"), files.pemFiles().orElseThrow().keyFile());

        store.set("plugin.componentlistener.listener.c.tls", "direct");
        ListenerConfig openfires = configs.read("c").config().orElseThrow();
        assertTrue(openfires.directTls());
        assertEquals(Optional.empty(), openfires.pemFiles(), "Openfire's own certificate");
        assertFalse(configs.read("d").config().orElseThrow().directTls());
    }

    @Test
    void changingTlsRestartsTheListener() {
        store.set("plugin.componentlistener.listener.a.tls", "direct");
        ListenerConfig tls = configs.read("a").config().orElseThrow();
        store.set("plugin.componentlistener.listener.a.tls_certfile", "/etc/ssl/chain.pem");
        store.set("plugin.componentlistener.listener.a.tls_keyfile", "/etc/ssl/key.pem");
        ListenerConfig files = configs.read("a").config().orElseThrow();
        store.delete("plugin.componentlistener.listener.a.tls");
        store.delete("plugin.componentlistener.listener.a.tls_certfile");
        store.delete("plugin.componentlistener.listener.a.tls_keyfile");
        ListenerConfig plain = configs.read("a").config().orElseThrow();
        assertFalse(plain.sameBinding(tls));
        assertFalse(tls.sameBinding(files));
    }

    @Test
    void shaperMustBeDefined() {
        store.set("plugin.componentlistener.shapers", "slow=500, broken=abc, tiny=5, fast=1");
        store.set("plugin.componentlistener.listener.a.shaper", "slow");
        store.set("plugin.componentlistener.listener.b.shaper", "unknown");
        store.set("plugin.componentlistener.listener.c.shaper", "broken");
        assertEquals(500, configs.read("a").config().orElseThrow().shaperRate());
        assertEquals(Message.of("error.shaper.unknown", "unknown", "none, normal, fast, slow"),
            configs.read("b").errors().get(0));
        assertTrue(configs.read("c").config().isEmpty(), "a badly defined shaper is not defined");
        Shapers shapers = Shapers.read(store);
        assertEquals(50_000, shapers.rate("fast"), "built-ins cannot be redefined");
        assertEquals(1_000, shapers.rate("normal"));
        assertEquals(0, shapers.rate("none"));
        assertEquals(3, shapers.problems().size(), shapers.problems().toString());
    }

    @Test
    void accessAndQueueOptionsAreChecked() {
        store.set("plugin.componentlistener.listener.a.access", "local, group:");
        store.set("plugin.componentlistener.listener.a.max_fsm_queue", "0");
        List<Message> errors = configs.read("a").errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(Message.of("error.access.group", "group:"), errors.get(0));
        assertEquals(Message.of("error.option.range", "max_fsm_queue", "1", "10000000", "0"), errors.get(1));
        store.set("plugin.componentlistener.listener.b.max_fsm_queue", "");
        assertEquals(0, configs.read("b").config().orElseThrow().maxQueue(), "empty: no limit");
    }

    @Test
    void addressesMustBeLiteral() {
        assertTrue(ListenerOption.IP_ADDRESS.validate("0.0.0.0").isEmpty());
        assertTrue(ListenerOption.IP_ADDRESS.validate("::").isEmpty());
        assertFalse(ListenerOption.IP_ADDRESS.validate("256.1.1.1").isEmpty());
        assertFalse(ListenerOption.IP_ADDRESS.validate("example.org").isEmpty());
        assertFalse(ListenerOption.IP_ADDRESS.validate("::zz").isEmpty());
    }

    @Test
    void listenerIdsAreCheckedAndDeduplicated() {
        store.set(ListenerConfigs.LISTENERS, " a , b,a,,bad id ");
        assertEquals(List.of("a", "b", "bad id"), List.copyOf(configs.listenerIds()));
        assertFalse(configs.read("bad id").errors().isEmpty());
    }

    @Test
    void passwordNeverAppearsInTheDescription() {
        store.set("plugin.componentlistener.listener.x.password", "hunter2");
        assertFalse(configs.read("x").config().orElseThrow().toString().contains("hunter2"));
    }
}
