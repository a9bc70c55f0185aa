package org.jivesoftware.openfire.plugin.componentlistener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.plugin.componentlistener.admin.ListenersPage;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireStatistics;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.FakeBrowser;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryUsers;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.support.OpenfireStatics;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.StanzaLedger;
import org.jivesoftware.openfire.stats.StatisticsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plugin stop and start (issue 8 section 6), with components connected and users sending to them: every stop
 * ends every stream with {@code system-shutdown} and leaves no port, thread, route, listener, interceptor,
 * statistic or hidden-components entry behind, and no stanza unaccounted for. Openfire stops the plugin the same
 * way when it shuts down itself (its plugin manager calls {@code destroyPlugin} on every plugin).
 */
class PluginLifecycleTest {
    private static final int RUNS = 20;
    private static final String PLAIN = "gw.example.org";
    private static final String HIDDEN = "hid.example.org";

    /** Only the plugin's own (un)wiring on this thread meets Openfire's statics; routing goes to the stand-in. */
    private final OpenfireStatics statics = new OpenfireStatics();
    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    private final MapPropertyStore properties = new MapPropertyStore();
    private final StanzaLedger ledger = new StanzaLedger(openfire);
    private final ExecutorService traffic = Executors.newSingleThreadExecutor();
    private volatile boolean sending = true;

    @AfterEach
    void stop() throws Exception {
        sending = false;
        traffic.shutdownNow();
        statics.close();
    }

    private void define(String id, int port, Map<ListenerOption, String> options) {
        String list = properties.get(ListenerConfigs.LISTENERS);
        properties.set(ListenerConfigs.LISTENERS, list == null ? id : list + "," + id);
        properties.set(ListenerConfigs.propertyName(id, ListenerOption.PORT), String.valueOf(port));
        properties.set(ListenerConfigs.propertyName(id, ListenerOption.PASSWORD), SECRET);
        options.forEach((option, value) -> properties.set(ListenerConfigs.propertyName(id, option), value));
    }

    @Test
    void stoppingAndStartingUnderTrafficLeavesNothingBehind() throws Exception {
        int plain = Ports.free();
        int hidden = Ports.free();
        // A long grace: stopping must drop the held domain rather than keep it.
        define("plain", plain, Map.of(ListenerOption.RECONNECT_GRACE, "60000"));
        define("hidden", hidden, Map.of(ListenerOption.HIDDEN_COMPONENTS, "true",
            ListenerOption.CONFLICT_BEHAVIOUR, "kick_old"));
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Future<?> users = traffic.submit(() -> {
            while (sending) {
                ledger.send("alice@example.org/phone", PLAIN);
                ledger.send("bob@example.org/laptop", HIDDEN);
                LockSupport.parkNanos(500_000);
            }
        });

        for (int run = 1; run <= RUNS; run++) {
            ComponentListenerPlugin plugin = new ComponentListenerPlugin(() -> openfire, () -> properties,
                () -> new InMemoryUsers(openfire));
            plugin.initializePlugin(mock(PluginManager.class), new File("."));
            try (RawComponent plainComponent = RawComponent.connect(plain, PLAIN, SECRET);
                 RawComponent hiddenComponent = RawComponent.connect(hidden, HIDDEN, SECRET)) {
                awaitMessage(plainComponent);
                awaitMessage(hiddenComponent);
                assertEquals(Set.of(PLAIN, HIDDEN), openfire.routes());
                assertEquals(Set.of(HIDDEN), openfire.hiddenDomains());
                assertEquals(1, openfire.outgoingIqFilters());
                assertEquals(1, statics.propertyListeners.size());
                assertEquals(1, statics.componentListeners.size());

                plugin.destroyPlugin();
                for (RawComponent component : List.of(plainComponent, hiddenComponent)) {
                    assertEquals("system-shutdown", RawComponent.condition(component.awaitStreamErrorAndClose()),
                        "run " + run);
                    component.elementsReceived().forEach(ledger::read);
                }
            }
            assertNothingLeft(plain, hidden, "run " + run);
        }
        sending = false;
        users.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        traffic.shutdown();
        assertTrue(traffic.awaitTermination(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(), threadsStartedSince(before), "no thread outlives the plugin");

        ledger.tally().assertEachOnceInOnePlace();
    }

    /** Reads until one of the users' messages arrives: traffic flows. */
    private void awaitMessage(RawComponent component) throws Exception {
        while (ledger.read(component.nextElement()).isEmpty()) {
            // Openfire's disco#info probe is answered on the way.
        }
    }

    private void assertNothingLeft(int plain, int hidden, String run) throws Exception {
        assertFalse(Ports.isOpen(plain), run);
        assertFalse(Ports.isOpen(hidden), run);
        assertEquals(Set.of(), openfire.routes(), run);
        assertEquals(Set.of(), openfire.hiddenDomains(), run);
        assertEquals(0, openfire.outgoingIqFilters(), run);
        assertEquals(List.of(), statics.propertyListeners, run);
        assertEquals(List.of(), statics.componentListeners, run);
        assertEquals(List.of(), StatisticsManager.getInstance().getAllStatistics().stream().map(Map.Entry::getKey)
            .filter(key -> key.startsWith(OpenfireStatistics.KEY_PREFIX)).collect(Collectors.toList()), run);
        FakeBrowser browser = new FakeBrowser();
        assertThrows(IllegalStateException.class, () -> ListenersPage.handle(browser.get(Map.of()),
            browser.response()), "the admin pages no longer reach the stopped plugin");
        assertEquals(List.of(), Ports.pluginThreads(), run);
        assertEquals(1, openfire.node().listeners(), run + ": only Openfire's own listener of cluster events is left");
        assertEquals(Optional.empty(), openfire.cluster().run(openfire.node().localNode(), "sessions", List.of()),
            run + ": no command is answered");
    }

    /** Names of threads alive now that were not before, once they had a moment to end. */
    private static List<String> threadsStartedSince(Set<Thread> before) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread)) {
                thread.join(Await.DEADLINE.toMillis());
                if (thread.isAlive()) {
                    names.add(thread.getName());
                }
            }
        }
        return names;
    }
}
