package org.jivesoftware.openfire.plugin.componentlistener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the README's code map describes, checked on the main sources: the packages depend on each other
 * without a cycle, only openfire/ (and the plugin class) imports Openfire, each package says what it is in a
 * package-info, and no class grows past what one job needs.
 */
class LayoutTest {
    private static final Path SOURCES = Path.of("src/main/java/org/jivesoftware/openfire/plugin/componentlistener");
    private static final String BASE = "org.jivesoftware.openfire.plugin.componentlistener";
    private static final Pattern OWN_IMPORT = Pattern.compile(
        "^import (?:static )?" + Pattern.quote(BASE) + "\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Pattern OPENFIRE_IMPORT = Pattern.compile(
        "^import (?:static )?org\\.jivesoftware\\.(?!openfire\\.plugin\\.componentlistener\\.)"
            + "(?:openfire|util|admin|database)\\.", Pattern.MULTILINE);
    /** The one package allowed to import Openfire, besides the plugin class. */
    private static final String ADAPTER_PACKAGE = "openfire";
    private static final int MAX_LINES = 450;

    private static List<Path> files;

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void packagesDependOnEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path file : files) {
            String from = packageOf(file);
            Matcher imported = OWN_IMPORT.matcher(Files.readString(file));
            Set<String> targets = uses.computeIfAbsent(from, p -> new TreeSet<>());
            while (imported.find()) {
                if (!imported.group(1).equals(from)) {
                    targets.add(imported.group(1));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycles(uses, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "package dependencies: " + uses);
    }

    private static void findCycles(Map<String, Set<String>> uses, String at, List<String> path, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                // Reported once, from its alphabetically first package.
                if (path.stream().allMatch(p -> p.compareTo(next) >= 0)) {
                    cycles.add(String.join(" -> ", path) + " -> " + next);
                }
            } else if (!path.contains(next)) {
                path.add(next);
                findCycles(uses, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void onlyTheAdapterPackageAndThePluginClassImportOpenfire() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : files) {
            boolean allowed = packageOf(file).equals(ADAPTER_PACKAGE)
                || file.getFileName().toString().equals("ComponentListenerPlugin.java");
            if (!allowed && OPENFIRE_IMPORT.matcher(Files.readString(file)).find()) {
                outside.add(SOURCES.relativize(file).toString());
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void everyPackageSaysWhatLivesThere() {
        Set<String> packages = files.stream().map(LayoutTest::packageOf).collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = files.stream().filter(file -> file.getFileName().toString().equals("package-info.java"))
            .map(LayoutTest::packageOf).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, described);
    }

    @Test
    void noClassIsLongerThanOneJobNeeds() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : files) {
            long lines = Files.lines(file).count();
            if (lines > MAX_LINES) {
                tooLong.add(SOURCES.relativize(file) + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), tooLong, "at most " + MAX_LINES + " lines per class");
    }

    /** The package below the plugin's root ("" for the root itself). */
    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file.getParent());
        return relative.toString().replace('/', '.');
    }
}
