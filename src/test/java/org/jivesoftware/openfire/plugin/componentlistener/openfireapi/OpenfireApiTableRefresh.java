package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the API table of one Openfire version ({@code src/test/resources/openfire-api/<version>.txt}) for the
 * Openfire classes that the compiled plugin ({@code target/classes}) refers to, and for those the existing tables
 * already cover (so that all tables cover the same classes).
 *
 * <pre>
 * mvn -B -Popenfire-api test-compile exec:java -Dopenfire.api.version=5.1.1 -Dopenfire.api.lib=/opt/openfire/lib \
 *   -Dopenfire.api.note="built from tag v5.1.1"
 * </pre>
 * Arguments: the version (the file's name), Openfire's {@code lib} directory (or its jars, or a directory of
 * classes), and any further words: a note for the table's header, such as the commit it was built from.
 */
public final class OpenfireApiTableRefresh {
    static final Path TABLES = Paths.get("src", "test", "resources", "openfire-api");
    static final Path CLASSES = Paths.get("target", "classes");

    private OpenfireApiTableRefresh() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OpenfireApiTableRefresh <version> <openfire lib dir or jar> [note...]");
            System.exit(2);
        }
        String version = args[0];
        Path openfirePath = Paths.get(args[1]);
        String note = String.join(" ", Arrays.asList(args).subList(2, args.length));
        Path basedir = Paths.get(System.getProperty("basedir", "."));

        Set<String> classes = new TreeSet<>(PluginReferences.of(basedir.resolve(CLASSES)).classes.keySet());
        for (ApiTable existing : OpenfireApiTest.tables(basedir.resolve(TABLES)).values()) {
            classes.addAll(existing.classes.keySet());
        }
        ApiTable table;
        try (ClassFiles openfire = new ClassFiles(List.of(openfirePath))) {
            table = ApiTable.of(openfire, classes);
        }
        List<String> comments = new ArrayList<>();
        comments.add("Openfire " + version + (note.isEmpty() ? "" : ": " + note));
        comments.add("Made by OpenfireApiTableRefresh from " + (java.nio.file.Files.isDirectory(openfirePath)
            ? "the jars in its " + openfirePath.getFileName() + " directory" : openfirePath.getFileName()) + " on Java "
            + System.getProperty("java.version") + " (members inherited from the JDK are that Java's).");
        comments.add("The Openfire and Tinder classes the plugin refers to, with every public or protected member a"
            + " reference to them resolves to.");
        table.comments.addAll(comments);
        Path out = basedir.resolve(TABLES).resolve(version + ".txt");
        table.write(out);
        System.out.println("Wrote " + out + ": " + table.classes.size() + " classes, "
            + table.classes.values().stream().mapToInt(e -> e.members.size()).sum() + " members");
    }
}
