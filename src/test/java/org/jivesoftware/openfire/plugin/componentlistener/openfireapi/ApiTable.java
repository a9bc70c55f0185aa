package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.objectweb.asm.Opcodes;

/**
 * What one Openfire version has of the classes the plugin refers to: for each class, whether it exists and is a
 * class or an interface, and every public or protected field and method that a reference naming that class resolves
 * to, inherited ones included, found as the JVM finds them (JVMS 5.4.3.2 to 5.4.3.4), with whether it is static and
 * whether it is abstract.
 *
 * <p>One entry a line, so that a difference between versions, or after a refresh, reads as a diff:
 * <pre>
 * class org/jivesoftware/util/JiveGlobals
 * method org/jivesoftware/util/JiveGlobals.getProperty(Ljava/lang/String;)Ljava/lang/String; static
 * field org/xmpp/packet/IQ$Type.get:Lorg/xmpp/packet/IQ$Type; static
 * interface org/jivesoftware/util/PropertyEventListener
 * method org/jivesoftware/util/PropertyEventListener.propertySet(Ljava/lang/String;Ljava/util/Map;)V abstract
 * absent org/jivesoftware/openfire/SomeRemovedClass
 * </pre>
 * Lines starting with {@code #} are comments (where the table was made from).
 */
final class ApiTable {
    enum Kind { CLASS, INTERFACE, ABSENT }

    /** A member as a reference to its class resolves it. */
    static final class Member {
        final boolean isStatic;
        final boolean isAbstract;
        final boolean isProtected;

        Member(boolean isStatic, boolean isAbstract, boolean isProtected) {
            this.isStatic = isStatic;
            this.isAbstract = isAbstract;
            this.isProtected = isProtected;
        }

        String flags() {
            List<String> flags = new ArrayList<>();
            if (isStatic) {
                flags.add("static");
            }
            if (isAbstract) {
                flags.add("abstract");
            }
            if (isProtected) {
                flags.add("protected");
            }
            return String.join(" ", flags);
        }
    }

    static final class Entry {
        final Kind kind;
        /** By {@link #memberKey}. */
        final Map<String, Member> members = new TreeMap<>();

        Entry(Kind kind) {
            this.kind = kind;
        }
    }

    final List<String> comments = new ArrayList<>();
    final Map<String, Entry> classes = new TreeMap<>();

    /** {@code method owner.name(desc)} or {@code field owner.name:desc}. */
    static String memberKey(boolean method, String owner, String name, String descriptor) {
        return (method ? "method " : "field ") + owner + "." + name + (method ? "" : ":") + descriptor;
    }

    /** The owner of a member key. */
    private static String ownerOf(String key) {
        String rest = key.substring(key.indexOf(' ') + 1);
        int paren = rest.indexOf('(');
        int colon = rest.indexOf(':');
        int end = paren >= 0 && (colon < 0 || paren < colon) ? paren : colon;
        return rest.substring(0, rest.lastIndexOf('.', end));
    }

    static ApiTable read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiTable parse(List<String> lines, String source) {
        ApiTable table = new ApiTable();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                table.comments.add(line.substring(1).strip());
                continue;
            }
            String[] words = line.split(" ");
            switch (words[0]) {
                case "class":
                case "interface":
                case "absent":
                    table.classes.put(words[1], new Entry(Kind.valueOf(words[0].toUpperCase(java.util.Locale.ROOT))));
                    break;
                case "method":
                case "field": {
                    String key = words[0] + " " + words[1];
                    Set<String> flags = new LinkedHashSet<>(List.of(words));
                    Entry entry = table.classes.get(ownerOf(key));
                    if (entry == null || entry.kind == Kind.ABSENT) {
                        throw new IllegalArgumentException(source + ":" + number + ": member before its class: " + line);
                    }
                    entry.members.put(key, new Member(flags.contains("static"), flags.contains("abstract"),
                        flags.contains("protected")));
                    break;
                }
                default:
                    throw new IllegalArgumentException(source + ":" + number + ": not a table line: " + line);
            }
        }
        return table;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        comments.forEach(c -> lines.add("# " + c));
        classes.forEach((name, entry) -> {
            lines.add(entry.kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name);
            entry.members.forEach((key, member) ->
                lines.add(member.flags().isEmpty() ? key : key + " " + member.flags()));
        });
        return lines;
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table of the given classes, as {@code openfire} (Openfire's jars) has them. */
    static ApiTable of(ClassFiles openfire, Collection<String> classNames) {
        ApiTable table = new ApiTable();
        for (String name : classNames) {
            Optional<ClassFiles.ClassInfo> info = openfire.get(name);
            if (info.isEmpty()) {
                table.classes.put(name, new Entry(Kind.ABSENT));
                continue;
            }
            Entry entry = new Entry(info.get().isInterface() ? Kind.INTERFACE : Kind.CLASS);
            table.classes.put(name, entry);
            resolveFields(openfire, info.get(), entry);
            resolveMethods(openfire, info.get(), entry);
        }
        return table;
    }

    private static boolean visible(ClassFiles.Declared d) {
        return d.is(Opcodes.ACC_PUBLIC) || d.is(Opcodes.ACC_PROTECTED);
    }

    private static Member member(ClassFiles.Declared d) {
        return new Member(d.is(Opcodes.ACC_STATIC), d.is(Opcodes.ACC_ABSTRACT), d.is(Opcodes.ACC_PROTECTED));
    }

    /**
     * JVMS 5.4.3.2: a field named in C is C's own, else one of C's direct superinterfaces' (recursively), else its
     * superclass's (recursively). The first found hides the rest, even when it is not accessible.
     */
    private static void resolveFields(ClassFiles openfire, ClassFiles.ClassInfo start, Entry entry) {
        String owner = start.name;
        Map<String, ClassFiles.Declared> found = new LinkedHashMap<>();
        Deque<ClassFiles.ClassInfo> order = new ArrayDeque<>();
        fieldOrder(openfire, start, order, new LinkedHashSet<>());
        for (ClassFiles.ClassInfo c : order) {
            for (ClassFiles.Declared f : c.fields) {
                found.putIfAbsent(f.name + ":" + f.descriptor, f);
            }
        }
        found.forEach((nameAndType, f) -> {
            if (visible(f)) {
                entry.members.put("field " + owner + "." + nameAndType, member(f));
            }
        });
    }

    private static void fieldOrder(ClassFiles openfire, ClassFiles.ClassInfo c, Deque<ClassFiles.ClassInfo> order,
                                   Set<String> seen) {
        if (!seen.add(c.name)) {
            return;
        }
        order.add(c);
        for (String i : c.interfaces) {
            openfire.get(i).ifPresent(info -> fieldOrder(openfire, info, order, seen));
        }
        if (c.superName != null) {
            openfire.get(c.superName).ifPresent(info -> fieldOrder(openfire, info, order, seen));
        }
    }

    /**
     * JVMS 5.4.3.3 and 5.4.3.4: a method named in a class C is C's own or its superclasses' (nearest first), else a
     * maximally specific one of its superinterfaces' (non-abstract preferred; static and private ones are not
     * inherited); named in an interface, the interface's own, else Object's public ones, else its superinterfaces'.
     * Constructors only of C itself.
     */
    private static void resolveMethods(ClassFiles openfire, ClassFiles.ClassInfo start, Entry entry) {
        String owner = start.name;
        Map<String, ClassFiles.Declared> found = new LinkedHashMap<>();
        for (ClassFiles.Declared m : start.methods) {
            if (!m.name.equals("<clinit>")) {
                found.putIfAbsent(m.name + m.descriptor, m);
            }
        }
        List<ClassFiles.ClassInfo> interfaceSources = new ArrayList<>();
        if (start.isInterface()) {
            openfire.get("java/lang/Object").ifPresent(object -> object.methods.stream()
                .filter(m -> m.is(Opcodes.ACC_PUBLIC) && !m.is(Opcodes.ACC_STATIC) && !m.name.equals("<init>"))
                .forEach(m -> found.putIfAbsent(m.name + m.descriptor, m)));
            interfaceSources.add(start);
        } else {
            interfaceSources.add(start);
            String superName = start.superName;
            while (superName != null) {
                Optional<ClassFiles.ClassInfo> superClass = openfire.get(superName);
                if (superClass.isEmpty()) {
                    break;
                }
                for (ClassFiles.Declared m : superClass.get().methods) {
                    if (!m.name.startsWith("<")) {
                        found.putIfAbsent(m.name + m.descriptor, m);
                    }
                }
                interfaceSources.add(superClass.get());
                superName = superClass.get().superName;
            }
        }
        Set<String> interfaces = new LinkedHashSet<>();
        for (ClassFiles.ClassInfo source : interfaceSources) {
            superinterfaces(openfire, source, interfaces);
        }
        interfaces.remove(start.name);
        Map<String, ClassFiles.Declared> fromInterfaces = new LinkedHashMap<>();
        for (String name : interfaces) {
            openfire.get(name).ifPresent(i -> {
                for (ClassFiles.Declared m : i.methods) {
                    if (m.name.startsWith("<") || m.is(Opcodes.ACC_STATIC) || m.is(Opcodes.ACC_PRIVATE)) {
                        continue;
                    }
                    String nameAndType = m.name + m.descriptor;
                    ClassFiles.Declared before = fromInterfaces.get(nameAndType);
                    if (before == null || (before.is(Opcodes.ACC_ABSTRACT) && !m.is(Opcodes.ACC_ABSTRACT))) {
                        fromInterfaces.put(nameAndType, m);
                    }
                }
            });
        }
        fromInterfaces.forEach(found::putIfAbsent);
        found.forEach((nameAndType, m) -> {
            if (visible(m)) {
                entry.members.put("method " + owner + "." + nameAndType, member(m));
            }
        });
    }

    private static void superinterfaces(ClassFiles openfire, ClassFiles.ClassInfo c, Set<String> into) {
        for (String i : c.interfaces) {
            if (into.add(i)) {
                openfire.get(i).ifPresent(info -> superinterfaces(openfire, info, into));
            }
        }
    }
}
