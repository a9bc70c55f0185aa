package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.jsp.jstl.core.Config;
import javax.servlet.jsp.jstl.fmt.LocalizationContext;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.tomcat.InstanceManager;
import org.apache.tomcat.SimpleInstanceManager;
import org.eclipse.jetty.apache.jsp.JettyJasperInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The plugin's admin console pages as a browser sees them: the precompiled pages, run by Jasper in an embedded Jetty
 * on a loopback port at the path where Openfire serves them ({@value #CONTEXT_PATH}/&lt;page&gt;.jsp), with the
 * plugin's i18n bundle as their JSTL localization context, read through a headless browser.
 *
 * <p>Every servlet and mapping comes from the web.xml that JSP precompilation wrote (named by the system property
 * {@value #WEB_XML_PROPERTY}); the bundle {@value #BUNDLE} is loaded from the class path. What the pages show comes
 * from the plugin's page models, so a test publishes the objects they read before loading a page.
 */
public final class ConsoleServer implements AutoCloseable {
    public static final String CONTEXT_PATH = "/plugins/componentlistener";
    public static final String BUNDLE = "componentlistener_i18n";
    public static final String WEB_XML_PROPERTY = "plugin.web.xml";
    public static final Locale LOCALE = Locale.ENGLISH;

    private final Server server;
    private final WebClient browser;
    private final ResourceBundle bundle;
    private final URI base;
    private final List<String> paths;

    private ConsoleServer(Server server, ResourceBundle bundle, URI base, List<String> paths) {
        this.server = server;
        this.bundle = bundle;
        this.base = base;
        this.paths = paths;
        browser = new WebClient(BrowserVersion.BEST_SUPPORTED);
        browser.getOptions().setJavaScriptEnabled(true);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnScriptError(true);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(true);
        browser.getOptions().setPrintContentOnFailingStatusCode(true);
        browser.getOptions().setTimeout(10_000);
    }

    /** Starts the pages of the precompiled web.xml; fails at once if it or the i18n bundle cannot be found. */
    public static ConsoleServer start() throws Exception {
        String webXmlPath = System.getProperty(WEB_XML_PROPERTY);
        if (webXmlPath == null) {
            throw new IllegalStateException("System property " + WEB_XML_PROPERTY
                + " must name the web.xml written by JSP precompilation (the build sets it)");
        }
        Path webXml = Paths.get(webXmlPath);
        if (!Files.isRegularFile(webXml)) {
            throw new IllegalStateException("No precompiled web.xml at " + webXml + ": build the pages first");
        }
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, LOCALE, ConsoleServer.class.getClassLoader());

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(CONTEXT_PATH);
        context.setClassLoader(ConsoleServer.class.getClassLoader());
        context.setAttribute(InstanceManager.class.getName(), new SimpleInstanceManager());
        context.addServletContainerInitializer(new JettyJasperInitializer());
        context.addFilter(new FilterHolder(localizationFilter(bundle)), "/*",
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE));
        List<String> paths = register(context, webXml);
        server.setHandler(context);
        try {
            server.start();
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + "/");
            return new ConsoleServer(server, bundle, base, paths);
        } catch (Exception | Error e) {
            server.stop();
            throw e;
        }
    }

    /** As Openfire's locale filter: the plugin's bundle is the localization context of every request. */
    private static Filter localizationFilter(ResourceBundle bundle) {
        LocalizationContext localization = new LocalizationContext(bundle, LOCALE);
        return (request, response, chain) -> {
            Config.set(request, Config.FMT_LOCALE, LOCALE);
            Config.set(request, Config.FMT_LOCALIZATION_CONTEXT, localization);
            chain.doFilter(request, response);
        };
    }

    /** Context parameters, servlets and mappings of the web.xml; the URL patterns mapped. */
    private static List<String> register(ServletContextHandler context, Path webXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(webXml.toFile());
        List<String> paths = new ArrayList<>();
        for (Element element : children(document.getDocumentElement())) {
            switch (element.getLocalName()) {
                case "context-param":
                    context.setInitParameter(text(element, "param-name"), text(element, "param-value"));
                    break;
                case "servlet":
                    ServletHolder holder = new ServletHolder(text(element, "servlet-name"),
                        Class.forName(text(element, "servlet-class"), false, ConsoleServer.class.getClassLoader())
                            .asSubclass(javax.servlet.Servlet.class));
                    for (Element parameter : children(element, "init-param")) {
                        holder.setInitParameter(text(parameter, "param-name"), text(parameter, "param-value"));
                    }
                    context.getServletHandler().addServlet(holder);
                    break;
                case "servlet-mapping":
                    String name = text(element, "servlet-name");
                    for (Element pattern : children(element, "url-pattern")) {
                        String path = pattern.getTextContent().trim();
                        ServletHolder mapped = context.getServletHandler().getServlet(name);
                        if (mapped == null) {
                            throw new IllegalStateException(webXml + " maps " + path + " to unknown servlet " + name);
                        }
                        context.addServlet(mapped, path);
                        paths.add(path);
                    }
                    break;
                default:
                    throw new IllegalStateException(webXml + " has a <" + element.getLocalName()
                        + "> that this console does not set up");
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalStateException(webXml + " maps no page");
        }
        return List.copyOf(paths);
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element) {
                elements.add((Element) node);
            }
        }
        return elements;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        for (Element element : children(parent)) {
            if (name.equals(element.getLocalName())) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.size() != 1) {
            throw new IllegalStateException("<" + parent.getLocalName() + "> needs exactly one <" + name + ">");
        }
        return found.get(0).getTextContent().trim();
    }

    /** The browser: JavaScript on, CSS off; a script error or an error status fails the load. */
    public WebClient browser() {
        return browser;
    }

    /** The address of a page, given as in Openfire's links below the plugin: "componentlistener-status.jsp?x=1". */
    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    }

    /** Loads a page in the browser (scripts run) and returns it; fails on an error status or a script error. */
    public HtmlPage page(String pathAndQuery) throws IOException {
        return browser.getPage(uri(pathAndQuery).toString());
    }

    /** The URL patterns of the pages, as the web.xml maps them ("/componentlistener-status.jsp"). */
    public List<String> pagePaths() {
        return paths;
    }

    /** Types into the page's input field with this id, replacing what it held. */
    public static void type(HtmlPage page, String id, String text) {
        HtmlInput input = page.getHtmlElementById(id);
        input.setValue(text);
    }

    /** A text of the plugin's i18n bundle, as the pages show it. */
    public String text(String key) {
        return bundle.getString(key);
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
        } finally {
            server.stop();
        }
    }
}
