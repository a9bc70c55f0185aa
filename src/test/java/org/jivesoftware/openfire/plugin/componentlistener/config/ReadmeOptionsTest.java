package org.jivesoftware.openfire.plugin.componentlistener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The README's option table and the option definitions say the same. */
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
            assertTrue(rows.stream().anyMatch(row -> row.startsWith("| `" + option.key() + "` | " + expectedDefault
                + " |")), "README documents " + option.key() + " with default " + expectedDefault);
        }
        assertEquals(ListenerOption.values().length, rows.size(), "no option documented that does not exist");
    }
}
