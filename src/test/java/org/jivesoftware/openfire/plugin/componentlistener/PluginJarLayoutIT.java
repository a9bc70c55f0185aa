package org.jivesoftware.openfire.plugin.componentlistener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.jivesoftware.openfire.plugin.componentlistener.admin.ComponentsPage;
import org.jivesoftware.openfire.plugin.componentlistener.admin.ListenersPage;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerChange;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the installable plugin JAR built by the package phase and checks the layout Openfire expects. */
class PluginJarLayoutIT {
    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        String path = System.getProperty("plugin.jar", "target/componentlistener.jar");
        assertTrue(new File(path).isFile(), "built plugin at " + path);
        jar = new JarFile(path);
    }

    private static Document xml(String entry) throws IOException, DocumentException {
        JarEntry found = jar.getJarEntry(entry);
        assertNotNull(found, entry + " in the plugin JAR");
        try (InputStream in = jar.getInputStream(found)) {
            return new SAXReader().read(in);
        }
    }

    @Test
    void pluginXmlAtTheRootIsFilledIn() throws Exception {
        Element plugin = xml("plugin.xml").getRootElement();
        assertEquals("org.jivesoftware.openfire.plugin.componentlistener.ComponentListenerPlugin",
            plugin.elementText("class"));
        assertEquals("Component Listener", plugin.elementText("name"));
        assertTrue(plugin.elementText("version").matches("\\d+\\.\\d+\\.\\d+"), "three-part version");
        assertEquals("4.9.0", plugin.elementText("minServerVersion"));
        assertEquals("11", plugin.elementText("minJavaVersion"));
        assertFalse(plugin.asXML().contains("${project."), "Maven filtered plugin.xml");
    }

    @Test
    void readmeChangelogAndI18nAreThere() {
        assertNotNull(jar.getJarEntry("readme.html"));
        assertNotNull(jar.getJarEntry("changelog.html"));
        assertNotNull(jar.getJarEntry("i18n/componentlistener_i18n.properties"));
    }

    @Test
    void i18nHasEveryKeyThatPluginXmlAndThePagesUse() throws Exception {
        Properties bundle = new Properties();
        try (InputStream in = jar.getInputStream(jar.getJarEntry("i18n/componentlistener_i18n.properties"))) {
            bundle.load(in);
        }
        List<String> keys = new ArrayList<>();
        Matcher pluginKeys = Pattern.compile("\\$\\{([a-z0-9._]+)}")
            .matcher(xml("plugin.xml").asXML());
        while (pluginKeys.find()) {
            keys.add(pluginKeys.group(1));
        }
        try (Stream<Path> pages = Files.list(Paths.get("web"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".jsp")).collect(Collectors.toList())) {
                // Keys computed in the page (${...}) are covered by the families below.
                Matcher pageKeys = Pattern.compile("fmt:message (?:var=\"[^\"]+\" )?key=\"([^\"$]+)\"")
                    .matcher(Files.readString(page));
                while (pageKeys.find()) {
                    keys.add(pageKeys.group(1));
                }
            }
        }
        assertFalse(keys.isEmpty());
        for (ListenerOption option : ListenerOption.values()) {
            keys.add(option.descriptionKey());
        }
        for (ListenerChange.Kind kind : ListenerChange.Kind.values()) {
            keys.add("change." + kind.name().toLowerCase(Locale.ROOT));
            keys.add("import.outcome." + kind.name().toLowerCase(Locale.ROOT));
        }
        List<String> statistics = new ArrayList<>(List.of("connected"));
        for (ListenerCounters.Counter counter : ListenerCounters.Counter.values()) {
            statistics.add(counter.key());
        }
        for (String statistic : statistics) {
            keys.add("stat." + statistic + ".name");
            keys.add("stat." + statistic + ".description");
        }
        for (String state : ListenersPage.STATES) {
            keys.add("listeners.state." + state);
        }
        for (String column : ComponentsPage.COLUMN_NAMES) {
            keys.add("components.column." + column);
        }
        try (Stream<Path> sources = Files.walk(Paths.get("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                // Notices and messages name their key as a literal; a key built from a prefix is added above.
                Matcher messages = Pattern.compile("(?:Notice\\.(?:success|error)|Message\\.of)\\(\"([^\"]+[^.\"])\"")
                    .matcher(Files.readString(source));
                while (messages.find()) {
                    keys.add(messages.group(1));
                }
            }
        }
        for (String key : keys) {
            assertTrue(bundle.containsKey(key), "i18n key " + key);
        }
    }

    @Test
    void webXmlMapsEveryJspToACompiledServlet() throws Exception {
        Set<String> mapped = new HashSet<>();
        Set<String> servletClasses = new HashSet<>();
        Element webApp = xml("web/WEB-INF/web.xml").getRootElement();
        for (Element mapping : webApp.elements("servlet-mapping")) {
            mapped.add(mapping.elementText("url-pattern"));
        }
        for (Element servlet : webApp.elements("servlet")) {
            servletClasses.add(servlet.elementText("servlet-class").replace('.', '/') + ".class");
        }
        try (Stream<Path> pages = Files.list(Paths.get("web"))) {
            List<String> jsps = pages.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsp"))
                .collect(Collectors.toList());
            assertFalse(jsps.isEmpty());
            for (String jsp : jsps) {
                assertTrue(mapped.contains("/" + jsp), jsp + " is mapped in web.xml");
                assertTrue(jar.getJarEntry("web/" + jsp) == null, "JSP sources are not shipped: " + jsp);
            }
        }
        Set<String> libClasses = classesInLib();
        for (String servletClass : servletClasses) {
            assertTrue(libClasses.contains(servletClass), "compiled page " + servletClass + " is in lib/");
        }
    }

    @Test
    void libHoldsThePluginClassesAndBundledParserButNothingOpenfireShips() throws Exception {
        Set<String> libClasses = classesInLib();
        assertTrue(libClasses.contains(
            "org/jivesoftware/openfire/plugin/componentlistener/ComponentListenerPlugin.class"));
        assertTrue(libClasses.contains("com/fasterxml/aalto/AsyncXMLStreamReader.class"), "Aalto is bundled");
        // The import page's readers: Openfire ships neither.
        assertTrue(libClasses.contains("org/tomlj/Toml.class"), "tomlj is bundled");
        assertTrue(libClasses.contains("org/yaml/snakeyaml/Yaml.class"), "SnakeYAML is bundled");
        List<String> libs = jar.stream().map(JarEntry::getName).filter(n -> n.startsWith("lib/"))
            .collect(Collectors.toList());
        for (String shipped : List.of("netty", "dom4j", "tinder", "xmppserver", "slf4j", "servlet", "taglibs")) {
            assertTrue(libs.stream().noneMatch(n -> n.contains(shipped)), shipped + " must not be bundled: " + libs);
        }
    }

    private static Set<String> classesInLib() throws IOException {
        Set<String> classes = new HashSet<>();
        for (JarEntry entry : jar.stream().filter(e -> e.getName().matches("lib/.*\\.jar"))
            .collect(Collectors.toList())) {
            try (ZipInputStream lib = new ZipInputStream(jar.getInputStream(entry))) {
                for (ZipEntry inner; (inner = lib.getNextEntry()) != null; ) {
                    classes.add(inner.getName());
                }
            }
        }
        return classes;
    }
}
