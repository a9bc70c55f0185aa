package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every Openfire (and Tinder) field, method and class that the plugin's compiled classes refer to exists, with the
 * same descriptor and the same static-ness, in every supported Openfire version; and every abstract method the
 * plugin's classes inherit from Openfire types is implemented. Checked against the committed API tables
 * ({@code src/test/resources/openfire-api/<version>.txt}, refreshed as the README says), read from
 * {@code target/classes}: whatever package the plugin's classes are in.
 */
class OpenfireApiTest {
    /** The versions the plugin supports: one table each. */
    static final List<String> SUPPORTED = List.of("4.9.2", "5.0.5", "5.1.1", "main");

    static Path basedir() {
        return Paths.get(System.getProperty("basedir", "."));
    }

    /** The tables in a directory, by version (the file name without {@code .txt}). */
    static Map<String, ApiTable> tables(Path dir) {
        Map<String, ApiTable> tables = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return tables;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).collect(Collectors.toList())) {
                String name = file.getFileName().toString();
                tables.put(name.substring(0, name.length() - ".txt".length()), ApiTable.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    private final Map<String, ApiTable> tables = tables(basedir().resolve(OpenfireApiTableRefresh.TABLES));

    @Test
    void thereIsATableForEachSupportedVersion() {
        assertEquals(SUPPORTED, List.copyOf(tables.keySet()));
    }

    @Test
    void everyOpenfireReferenceOfThePluginLinksOnEverySupportedVersion() {
        PluginReferences refs = PluginReferences.of(basedir().resolve(OpenfireApiTableRefresh.CLASSES));
        // Not vacuous: the plugin is found, and it does call Openfire (its entry point implements Plugin).
        assertTrue(refs.own.size() > 50, "the plugin's classes in target/classes: " + refs.own.size());
        assertTrue(refs.classes.containsKey("org/jivesoftware/openfire/container/Plugin"), refs.classes.keySet()
            .toString());
        assertTrue(refs.members.size() > 50, "Openfire members referred to: " + refs.members.size());

        List<String> problems = OpenfireApiCheck.problems(refs, tables, guarded().keySet());
        if (!problems.isEmpty()) {
            fail(problems.size() + " Openfire references would not link:\n" + String.join("\n", problems));
        }
    }

    /**
     * Members the plugin refers to only behind a run-time check that they exist ({@code openfire-api-guarded.txt}:
     * the member as in the tables, then why the reference is safe), by key.
     */
    static Map<String, String> guarded() {
        Map<String, String> guarded = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(basedir().resolve(GUARDED))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] words = line.strip().split(" ", 3);
                    guarded.put(words[0] + " " + words[1], words.length > 2 ? words[2].strip() : "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return guarded;
    }

    static final Path GUARDED = Paths.get("src", "test", "resources", "openfire-api-guarded.txt");

    /** Each exception says why, and is still needed: the plugin still makes that reference. */
    @Test
    void everyGuardedReferenceIsExplainedAndStillMade() {
        PluginReferences refs = PluginReferences.of(basedir().resolve(OpenfireApiTableRefresh.CLASSES));
        Set<String> referred = refs.members.values().stream().map(PluginReferences.MemberRef::key)
            .collect(Collectors.toSet());
        guarded().forEach((key, why) -> {
            assertTrue(referred.contains(key), key + " is listed in " + GUARDED + " but no longer referred to");
            assertTrue(why.length() > 20, key + " in " + GUARDED + " needs a reason");
        });
    }

    /**
     * The two property setters that the plugin calls by name and parameter types, whatever they return
     * (OpenfireProperties), are there, static, in every version: such a call is no reference in the class files.
     */
    @Test
    void thePropertySettersCalledByNameExistInEveryVersion() {
        for (String version : SUPPORTED) {
            ApiTable.Entry jiveGlobals = tables.get(version).classes.get("org/jivesoftware/util/JiveGlobals");
            for (String nameAndParameters : List.of("setProperty(Ljava/lang/String;Ljava/lang/String;)",
                "deleteProperty(Ljava/lang/String;)")) {
                String prefix = "method org/jivesoftware/util/JiveGlobals." + nameAndParameters;
                List<ApiTable.Member> found = jiveGlobals.members.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                    .collect(Collectors.toList());
                assertEquals(1, found.size(), prefix + " in Openfire " + version);
                assertTrue(found.get(0).isStatic, prefix + " is static in Openfire " + version);
            }
        }
    }
}
