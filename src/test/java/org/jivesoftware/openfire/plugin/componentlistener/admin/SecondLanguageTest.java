package org.jivesoftware.openfire.plugin.componentlistener.admin;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.FakeBrowser;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.RecordingOpenfireAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page models rendered in a second language, the test bundle {@code componentlistener_i18n_xx}, which marks
 * every text of the plugin's bundle: whatever a page shows is either a message of the bundle (so it carries the
 * marker, its nested messages too) or data (ids, addresses, numbers, states, what the admin typed). A sentence built
 * in Java would show unmarked.
 */
class SecondLanguageTest {
    private static final String MARKER = "[xx] ";
    private static final ResourceBundle.Control NO_FALLBACK =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final ResourceBundle ENGLISH = ResourceBundle.getBundle(Message.BUNDLE, Locale.ROOT, NO_FALLBACK);
    private static final ResourceBundle MARKED = ResourceBundle.getBundle(Message.BUNDLE, new Locale("xx"),
        NO_FALLBACK);
    private static final String PLUGIN = "org.jivesoftware.openfire.plugin.componentlistener.";
    /** Two words in a row: prose, not data. */
    private static final Pattern PROSE = Pattern.compile("[A-Za-z]{2,} [a-z]{2,}");
    /** Getters that give back what the admin typed or pasted, shown as it is. */
    private static final Set<String> ECHOES = Set.of("ImportPage.getText", "ComponentsPage.getSearch");

    private final ConsoleFixture console = new ConsoleFixture();
    private final FakeBrowser browser = new FakeBrowser();
    private final List<String> rendered = new ArrayList<>();

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void theTestBundleIsThePluginsBundleWithEveryTextMarked() {
        assertEquals(Collections.list(ENGLISH.getKeys()).size(), MARKED.keySet().size());
        for (String key : Collections.list(ENGLISH.getKeys())) {
            assertEquals(MARKER + ENGLISH.getString(key), MARKED.getString(key), key);
        }
    }

    /**
     * A text with arguments goes through {@link java.text.MessageFormat}, where an apostrophe is written twice; one
     * without is shown as it is (as {@code fmt:message} does), where a doubled one would show doubled.
     */
    @Test
    void apostrophesAreWrittenAsEachTextIsRendered() {
        Pattern argument = Pattern.compile("\\{\\d");
        Pattern single = Pattern.compile("(?<!')'(?!')");
        for (String key : Collections.list(ENGLISH.getKeys())) {
            String text = ENGLISH.getString(key);
            boolean formatted = argument.matcher(text).find();
            assertFalse(formatted && single.matcher(text).find(), key + ": write '' in a text with arguments");
            assertFalse(!formatted && text.contains("''"), key + ": write ' in a text without arguments");
        }
    }

    @Test
    void everyPageShowsOnlyMessagesOfTheBundleAndData() throws Exception {
        int port = Ports.free();
        console.listener("gw", port, Map.of(ListenerOption.CONFLICT_BEHAVIOUR, "kick_old"));
        console.listener("secure", Ports.free(), Map.of(ListenerOption.TLS, "direct", ListenerOption.TLS_CERTFILE,
            "/nonexistent/chain.pem", ListenerOption.TLS_KEYFILE, "/nonexistent/key.pem"));
        console.configs.save("twin", Map.of(ListenerOption.PORT, String.valueOf(port)));
        console.configs.save("bad", Map.of(ListenerOption.PORT, "70000", ListenerOption.ACCESS, "group:"));
        try (RawComponent component = RawComponent.connect(port, "irc.example.org", SECRET)) {
            ListenersPage.handle(browser.get(Map.of()), browser.response());
            ListenersPage.handle(browser.post(Map.of("id", "secure", "action", "enable")), browser.response());
            check("listeners", ListenersPage.handle(browser.get(Map.of()), browser.response()));
            check("components", ComponentsPage.handle(browser.get(Map.of()), browser.response()));

            ListenerForm.handle(browser.get(Map.of()), browser.response());
            check("form", ListenerForm.handle(browser.post(badFields()), browser.response()));
            Map<String, String> taken = new HashMap<>(badFields());
            taken.putAll(Map.of("id", "gw", "port", String.valueOf(RecordingOpenfireAdmin.CLIENT_PORT)));
            check("form", ListenerForm.handle(browser.post(taken), browser.response()));
            check("form", ListenerForm.handle(browser.get(Map.of("id", "gw")), browser.response()));

            SettingsPage.handle(browser.get(Map.of()), browser.response());
            check("settings", SettingsPage.handle(browser.post(Map.of("action", "saveShaper", "name", "fast",
                "rate", "5")), browser.response()));
            check("settings", SettingsPage.handle(browser.post(Map.of("action", "removeShaper", "name", "none")),
                browser.response()));

            ImportPage.handle(browser.get(Map.of()), browser.response());
            check("import", ImportPage.handle(browser.post(Map.of("toml", toml(port), "action", "create")),
                browser.response()));
            check("import", ImportPage.handle(browser.post(Map.of("toml", "[[listen.service]\nport = ",
                "action", "preview")), browser.response()));
            check("import", ImportPage.handle(browser.post(Map.of("toml", "[[listen.c2s]]\nport = 5222",
                "action", "preview")), browser.response()));
        }
        // Each kind of text was there to be checked.
        for (String key : List.of("change.failed", "error.tls.file.missing", "error.port.listener",
            "error.option.range", "error.access.group", "error.listener.id", "error.port.openfire",
            "error.shaper.rate", "error.shaper.builtin", "notice.shaper.unknown", "import.note.tls.mode", "import.fix.replace", "notice.import.none",
            "import.note.unsupported", "import.access.refused", "error.option.address", "import.error.toml",
            "import.error.noservice", "listeners.option.value")) {
            assertTrue(rendered.stream().anyMatch(text -> text.contains(key)), key + " in " + rendered);
        }
    }

    /** A listener form with a bad value in most fields. */
    private static Map<String, String> badFields() {
        Map<String, String> fields = new HashMap<>();
        for (ListenerOption option : ListenerOption.values()) {
            fields.put(option.key(), option.defaultValue());
        }
        fields.putAll(Map.of("id", "bad/id", "port", "0", "ip_address", "localhost", "access", "group:",
            "shaper", "nope", "conflict_behaviour", "replace", "tls_certfile", "relative.pem"));
        return fields;
    }

    private static String toml(int takenPort) {
        return String.join("\n",
            "[[listen.service]]",
            "  port = " + takenPort,
            "  ip_address = \"localhost\"",
            "  access = \"c2s\"",
            "  shaper_rule = \"fast\"",
            "  num_acceptors = 10",
            "  tls.mode = \"starttls\"",
            "[access]",
            "  c2s = [{acl = \"blocked\", value = \"deny\"}]",
            "[shaper]",
            "  fast = {max_rate = 100_000}");
    }

    /** Checks what a page model exposes, through its getters, down to messages and data. */
    private void check(String where, Object value) throws Exception {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum
            || value instanceof Temporal) {
            return;
        }
        if (value instanceof Message) {
            checkMessage(where, (Message) value);
        } else if (value instanceof String) {
            assertFalse(PROSE.matcher((String) value).find(), where + " is a sentence built in Java: " + value);
        } else if (value instanceof Collection) {
            int i = 0;
            for (Object element : (Collection<?>) value) {
                check(where + "[" + i++ + "]", element);
            }
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                check(where + " key", entry.getKey());
                check(where + "[" + entry.getKey() + "]", entry.getValue());
            }
        } else if (value.getClass().getName().startsWith(PLUGIN)) {
            for (Method getter : value.getClass().getMethods()) {
                String name = getter.getName();
                boolean isGetter = (name.startsWith("get") || name.startsWith("is")) && getter.getParameterCount() == 0
                    && !Modifier.isStatic(getter.getModifiers()) && !name.equals("getClass");
                if (isGetter && !ECHOES.contains(value.getClass().getSimpleName() + "." + name)) {
                    check(where + "." + name, getter.invoke(value));
                }
            }
        } else {
            fail(where + ": unexpected " + value.getClass());
        }
    }

    /** A message and every message nested in it render from the marked bundle; other arguments are data. */
    private void checkMessage(String where, Message message) {
        String text = message.render(MARKED);
        assertTrue(text.startsWith(MARKER), where + " " + message + " renders without the bundle: " + text);
        rendered.add(message.toString());
        for (Object arg : message.args()) {
            if (arg instanceof Message) {
                checkMessage(where + " " + message.key(), (Message) arg);
            }
        }
    }
}
