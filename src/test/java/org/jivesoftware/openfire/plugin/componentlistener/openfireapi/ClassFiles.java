package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files by internal name ({@code org/xmpp/packet/JID}), from directories and jars given in order (the first
 * that has a class wins, as on a class path), then the running JDK. Read as {@link ClassInfo}: the shape of a class
 * that linking depends on.
 */
final class ClassFiles implements AutoCloseable {
    private final Map<String, Object> where = new LinkedHashMap<>();
    private final List<ZipFile> jars = new ArrayList<>();
    private final Map<String, Optional<ClassInfo>> read = new LinkedHashMap<>();

    /** Directories of class files, jars, and directories of jars (every {@code *.jar} in it). */
    ClassFiles(List<Path> paths) {
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                addJar(path);
            } else if (Files.isDirectory(path)) {
                List<Path> jarsIn = list(path, p -> p.getFileName().toString().endsWith(".jar"), 1);
                if (!jarsIn.isEmpty()) {
                    jarsIn.stream().sorted().forEach(this::addJar);
                } else {
                    for (Path file : list(path, p -> p.toString().endsWith(".class"), Integer.MAX_VALUE)) {
                        String name = path.relativize(file).toString().replace('\\', '/');
                        where.putIfAbsent(name.substring(0, name.length() - ".class".length()), file);
                    }
                }
            } else {
                throw new IllegalArgumentException(path + " is neither a jar nor a directory");
            }
        }
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter, int depth) {
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile).filter(filter).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addJar(Path path) {
        try {
            ZipFile jar = new ZipFile(path.toFile());
            jars.add(jar);
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    where.putIfAbsent(name.substring(0, name.length() - ".class".length()), jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** The names of the classes found in the given paths (not the JDK's). */
    List<String> names() {
        return new ArrayList<>(where.keySet());
    }

    /** The class, or empty when neither the paths nor the JDK have it. */
    Optional<ClassInfo> get(String internalName) {
        return read.computeIfAbsent(internalName, name -> Optional.ofNullable(bytes(name)).map(ClassInfo::of));
    }

    private byte[] bytes(String name) {
        Object source = where.get(name);
        try {
            if (source instanceof Path) {
                return Files.readAllBytes((Path) source);
            }
            if (source instanceof ZipFile) {
                ZipFile jar = (ZipFile) source;
                try (InputStream in = jar.getInputStream(jar.getEntry(name + ".class"))) {
                    return in.readAllBytes();
                }
            }
            // The JDK's own classes: class files are resources that no module hides.
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    @Override
    public void close() throws IOException {
        for (ZipFile jar : jars) {
            jar.close();
        }
    }

    /** A member as declared: name, descriptor and access flags. */
    static final class Declared {
        final String name;
        final String descriptor;
        final int access;

        Declared(String name, String descriptor, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }

        boolean is(int flag) {
            return (access & flag) != 0;
        }
    }

    /** What linking against a class depends on: its kind, supertypes and declared members. */
    static final class ClassInfo {
        final String name;
        final int access;
        final String superName;
        final List<String> interfaces;
        final List<Declared> fields = new ArrayList<>();
        final List<Declared> methods = new ArrayList<>();

        private ClassInfo(String name, int access, String superName, List<String> interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces;
        }

        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        static ClassInfo of(byte[] bytes) {
            ClassInfo[] info = new ClassInfo[1];
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    info[0] = new ClassInfo(name, access, superName, List.of(interfaces));
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    info[0].fields.add(new Declared(name, descriptor, access));
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    info[0].methods.add(new Declared(name, descriptor, access));
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return info[0];
        }
    }
}
