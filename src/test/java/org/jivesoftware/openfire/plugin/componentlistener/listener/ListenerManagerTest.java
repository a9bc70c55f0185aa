package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.support.PluginParts;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting, changing and stopping listeners from their property definitions. */
class ListenerManagerTest {
    private final InMemoryOpenfire openfire = new InMemoryOpenfire().defaultSecret("default");
    private final MapPropertyStore properties = new MapPropertyStore();
    private final ListenerConfigs configs = new ListenerConfigs(properties);
    private PluginParts parts;
    private ListenerManager manager;

    @BeforeEach
    void create() {
        parts = new PluginParts(openfire);
        manager = parts.listeners();
    }

    @AfterEach
    void shutdown() {
        parts.close();
    }

    private void define(String id, Map<ListenerOption, String> options) {
        String list = properties.get(ListenerConfigs.LISTENERS);
        properties.set(ListenerConfigs.LISTENERS, list == null ? id : list + "," + id);
        options.forEach((option, value) -> properties.set(ListenerConfigs.propertyName(id, option), value));
    }

    @Test
    void listenersOpenTheirPortsAndShutdownClosesEverything() throws Exception {
        int first = Ports.free();
        int second = Ports.free();
        define("one", Map.of(ListenerOption.PORT, String.valueOf(first), ListenerOption.PASSWORD, SECRET));
        define("two", Map.of(ListenerOption.PORT, String.valueOf(second)));
        manager.apply(configs.readAll());
        assertTrue(Ports.isOpen(first));
        assertTrue(Ports.isOpen(second));
        assertFalse(Ports.pluginThreads().isEmpty());

        try (RawComponent a = RawComponent.connect(first, "a.example.org", SECRET);
             RawComponent b = RawComponent.connect(second, "b.example.org", "default")) {
            parts.close();
            assertEquals("system-shutdown", condition(a.awaitStreamErrorAndClose()));
            assertEquals("system-shutdown", condition(b.awaitStreamErrorAndClose()));
        }
        assertFalse(Ports.isOpen(first));
        assertFalse(Ports.isOpen(second));
        assertFalse(openfire.hasRoute("a.example.org"));
        assertFalse(openfire.hasRoute("b.example.org"));
        assertEquals(List.of(), Ports.pluginThreads(), "no thread of the plugin is left");
    }

    @Test
    void aListenerThatCannotBindIsReportedAndTheOthersRun() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int free = Ports.free();
            define("blocked", Map.of(ListenerOption.PORT, String.valueOf(taken.getLocalPort())));
            define("fine", Map.of(ListenerOption.PORT, String.valueOf(free)));
            manager.apply(configs.readAll());
            assertTrue(Ports.isOpen(free));
            assertTrue(manager.problems().containsKey("blocked"), manager.problems().toString());
            Message bind = manager.problems().get("blocked").get(0);
            assertEquals("error.listener.bind", bind.key());
            assertEquals("127.0.0.1:" + taken.getLocalPort(), bind.args().get(0));
        }
    }

    @Test
    void invalidDefinitionIsReportedWithEveryBadOption() throws Exception {
        define("bad", Map.of(ListenerOption.PORT, "70000", ListenerOption.CHECK_FROM, "maybe"));
        manager.apply(configs.readAll());
        List<Message> problems = manager.problems().get("bad");
        assertEquals(List.of(Message.of("error.option.range", "port", "1", "65535", "70000"),
            Message.of("error.option.boolean", "check_from", "maybe")), problems);
        assertTrue(manager.listeners().isEmpty());
    }

    @Test
    void listenerWithoutAnySecretDoesNotStart() throws Exception {
        InMemoryOpenfire noDefault = new InMemoryOpenfire();
        PluginParts strictParts = new PluginParts(noDefault);
        ListenerManager strict = strictParts.listeners();
        try {
            define("nosecret", Map.of(ListenerOption.PORT, String.valueOf(Ports.free())));
            strict.apply(configs.readAll());
            assertTrue(strict.listeners().isEmpty());
            assertEquals(List.of(Message.of("error.listener.secret")), strict.problems().get("nosecret"));
        } finally {
            strictParts.close();
        }
    }

    @Test
    void changingOneListenerRestartsOnlyThatOne() throws Exception {
        int stable = Ports.free();
        int moving = Ports.free();
        define("stable", Map.of(ListenerOption.PORT, String.valueOf(stable)));
        define("moving", Map.of(ListenerOption.PORT, String.valueOf(moving)));
        manager.apply(configs.readAll());
        try (RawComponent kept = RawComponent.connect(stable, "kept.example.org", "default");
             RawComponent moved = RawComponent.connect(moving, "moved.example.org", "default")) {
            int newPort = Ports.free();
            properties.set(ListenerConfigs.propertyName("moving", ListenerOption.PORT), String.valueOf(newPort));
            manager.apply(configs.readAll());
            assertEquals("system-shutdown", condition(moved.awaitStreamErrorAndClose()));
            assertTrue(kept.staysOpenFor(300), "the unchanged listener keeps its component");
            assertTrue(openfire.hasRoute("kept.example.org"));
            assertTrue(Ports.isOpen(newPort));
            assertFalse(Ports.isOpen(moving));
        }
    }

    @Test
    void changingOtherOptionsKeepsTheConnectionsAndAppliesToThem() throws Exception {
        int port = Ports.free();
        define("main", Map.of(ListenerOption.PORT, String.valueOf(port)));
        manager.apply(configs.readAll());
        try (RawComponent component = RawComponent.connect(port, "comp.example.org", "default")) {
            properties.set(ListenerConfigs.propertyName("main", ListenerOption.CHECK_FROM), "false");
            properties.set(ListenerConfigs.propertyName("main", ListenerOption.ACCESS), "local");
            manager.apply(configs.readAll());
            assertTrue(component.staysOpenFor(200), "not restarted");
            component.send("<message from='spoof.example.org' to='alice@example.org'/>");
            assertEquals("spoof.example.org", openfire.next("alice@example.org").getFrom().toString());
            assertEquals("local", manager.listeners().get(0).config().access().toString());
        }
    }

    @Test
    void removingAListenerStopsItAndEndsItsStreams() throws Exception {
        int port = Ports.free();
        define("gone", Map.of(ListenerOption.PORT, String.valueOf(port)));
        manager.apply(configs.readAll());
        try (RawComponent component = RawComponent.connect(port, "comp.example.org", "default")) {
            properties.set(ListenerConfigs.LISTENERS, "");
            manager.apply(configs.readAll());
            assertEquals("system-shutdown", condition(component.awaitStreamErrorAndClose()));
        }
        assertFalse(Ports.isOpen(port));
        assertFalse(openfire.hasRoute("comp.example.org"));
        assertTrue(manager.listeners().isEmpty());
    }

    @Test
    void twoListenersOnOnePortAreRefused() throws Exception {
        int port = Ports.free();
        define("first", Map.of(ListenerOption.PORT, String.valueOf(port)));
        define("second", Map.of(ListenerOption.PORT, String.valueOf(port)));
        manager.apply(configs.readAll());
        assertEquals(1, manager.listeners().size());
        assertEquals(List.of(Message.of("error.port.listener", String.valueOf(port), "first")),
            manager.problems().get("second"));
    }
}
