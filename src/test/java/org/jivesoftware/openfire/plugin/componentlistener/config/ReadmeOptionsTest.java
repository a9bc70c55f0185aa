package org.jivesoftware.openfire.plugin.componentlistener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The README's option table, the plugin's own readme page and the option definitions say the same. */
class ReadmeOptionsTest {

    @Test
    void everyOptionIsDocumentedWithItsDefault() throws Exception {
        List<String> readme = Files.readAllLines(Paths.get("README.md"));
        int header = readme.indexOf("| option | default | meaning |");
        assertTrue(header >= 0, "README has the option table");
        List<String> rows = readme.subList(header + 2, readme.size()).stream()
            .takeWhile(line -> line.startsWith("|")).collect(Collectors.toList());
        for (ListenerOption option : ListenerOption.values()) {
            String expectedDefault = option.defaultValue().isEmpty() ? "(empty)" : "`" + option.defaultValue() + "`";
            String row = rows.stream().filter(line -> line.startsWith("| `" + option.key() + "` | "))
                .findFirst().orElseThrow(() -> new AssertionError("README documents " + option.key()));
            assertTrue(row.startsWith("| `" + option.key() + "` | " + expectedDefault + " |"),
                option.key() + " has the default " + expectedDefault + ": " + row);
            if (option.kind() == ListenerOption.Kind.INTEGER || option.kind() == ListenerOption.Kind.OPTIONAL_INTEGER) {
                assertTrue(row.contains(option.min() + " to " + option.max()), option.key() + " states its range: " + row);
            }
            for (String choice : option.choices()) {
                assertTrue(row.contains("`" + choice + "`"), option.key() + " names " + choice + ": " + row);
            }
        }
        assertEquals(ListenerOption.values().length, rows.size(), "no option documented that does not exist");
    }

    @Test
    void thePluginPageNamesEveryOption() throws Exception {
        String readme = Files.readString(Paths.get("readme.html"));
        for (ListenerOption option : ListenerOption.values()) {
            assertTrue(readme.contains("<code>" + option.key() + "</code>"), "readme.html names " + option.key());
        }
    }
}
