package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What a directory of compiled classes (the plugin's) refers to in Openfire: every field and method reference, and
 * every class named anywhere, whose class is under {@code org/jivesoftware/} or {@code org/xmpp/} (Openfire and its
 * Tinder library) and is not one of the directory's own classes. The plugin's own classes are told by being in the
 * directory, not by their package, so that they may move between packages.
 */
final class PluginReferences {
    /** Packages of Openfire's own jar and of Tinder, which Openfire ships. */
    static final List<String> OPENFIRE_PREFIXES = List.of("org/jivesoftware/", "org/xmpp/");

    /** A field or method of an Openfire class, as a class file refers to it. */
    static final class MemberRef implements Comparable<MemberRef> {
        final boolean method;
        final String owner;
        final String name;
        final String descriptor;
        /** getstatic/putstatic/invokestatic: the member must be static. */
        final boolean isStatic;
        /** invokeinterface, or an interface method reference: the owner must be an interface. */
        final boolean ownerIsInterface;
        /** Where it was found, for messages: the referring class. */
        final Set<String> from = new TreeSet<>();

        MemberRef(boolean method, String owner, String name, String descriptor, boolean isStatic,
                  boolean ownerIsInterface) {
            this.method = method;
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
            this.ownerIsInterface = ownerIsInterface;
        }

        String key() {
            return ApiTable.memberKey(method, owner, name, descriptor);
        }

        @Override
        public String toString() {
            return (isStatic ? "static " : "") + key();
        }

        @Override
        public int compareTo(MemberRef o) {
            return (key() + isStatic + ownerIsInterface).compareTo(o.key() + o.isStatic + o.ownerIsInterface);
        }
    }

    /** A class of the directory itself whose superclass or interfaces are Openfire's. */
    static final class Subtype {
        final String name;
        final int access;
        final String superName;
        final List<String> interfaces;
        final Set<String> concreteMethods;

        Subtype(ClassFiles.ClassInfo info) {
            this.name = info.name;
            this.access = info.access;
            this.superName = info.superName;
            this.interfaces = info.interfaces;
            this.concreteMethods = info.methods.stream().filter(m -> !m.is(Opcodes.ACC_ABSTRACT))
                .map(m -> m.name + m.descriptor).collect(Collectors.toSet());
        }
    }

    /** Own class names. */
    final Set<String> own = new TreeSet<>();
    /** Openfire member references, by {@link MemberRef#key()} and kind. */
    final Map<String, MemberRef> members = new TreeMap<>();
    /** Openfire classes named anywhere (in references, descriptors, supertypes, constants), with a referrer. */
    final Map<String, Set<String>> classes = new TreeMap<>();
    /** Own classes, with their supertypes and concrete methods, for checking what they implement. */
    final Map<String, Subtype> ownClasses = new TreeMap<>();

    static boolean isOpenfire(String internalName) {
        return OPENFIRE_PREFIXES.stream().anyMatch(internalName::startsWith);
    }

    /** The references of every class file under {@code classesDir}. */
    static PluginReferences of(Path classesDir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> classes = new ArrayList<>();
        for (Path file : files) {
            try {
                classes.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return of(classes);
    }

    /** The references of the given class files, which are the plugin's own classes. */
    static PluginReferences of(List<byte[]> classFiles) {
        PluginReferences refs = new PluginReferences();
        classFiles.forEach(bytes -> refs.own.add(new ClassReader(bytes).getClassName()));
        for (byte[] bytes : classFiles) {
            refs.read(bytes);
        }
        return refs;
    }

    private boolean isOpenfireClass(String internalName) {
        return isOpenfire(internalName) && !own.contains(internalName);
    }

    private void read(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String self = reader.getClassName();
        ClassFiles.ClassInfo info = ClassFiles.ClassInfo.of(bytes);
        ownClasses.put(self, new Subtype(info));
        // Every class that linking or verifying this class may load: supertypes, the types in its own fields' and
        // methods' descriptors, and in the code: instantiated, cast, caught, constant types and what members name.
        type(self, Type.getObjectType(info.superName == null ? "java/lang/Object" : info.superName));
        info.interfaces.forEach(i -> type(self, Type.getObjectType(i)));
        info.fields.forEach(f -> type(self, Type.getType(f.descriptor)));
        info.methods.forEach(m -> type(self, Type.getMethodType(m.descriptor)));
        ClassVisitor members = new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (exceptions != null) {
                    for (String exception : exceptions) {
                        type(self, Type.getObjectType(exception));
                    }
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        type(self, Type.getObjectType(type));
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                        type(self, Type.getType(descriptor));
                    }

                    @Override
                    public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                                                   org.objectweb.asm.Label handler, String type) {
                        if (type != null) {
                            type(self, Type.getObjectType(type));
                        }
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                        member(self, false, owner, name, descriptor,
                            opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC, false);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                                boolean isInterface) {
                        member(self, true, owner, name, descriptor, opcode == Opcodes.INVOKESTATIC, isInterface);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                                                       Object... arguments) {
                        type(self, Type.getMethodType(descriptor));
                        handle(bootstrap);
                        constants(arguments);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        constants(value);
                    }

                    private void constants(Object... values) {
                        for (Object value : values) {
                            if (value instanceof Type) {
                                type(self, (Type) value);
                            } else if (value instanceof Handle) {
                                handle((Handle) value);
                            } else if (value instanceof ConstantDynamic) {
                                ConstantDynamic condy = (ConstantDynamic) value;
                                handle(condy.getBootstrapMethod());
                                for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                                    constants(condy.getBootstrapMethodArgument(i));
                                }
                            }
                        }
                    }

                    private void handle(Handle h) {
                        // A method reference such as JiveGlobals::getProperty links like the call it stands for.
                        int tag = h.getTag();
                        boolean field = tag <= Opcodes.H_PUTSTATIC;
                        boolean isStatic = tag == Opcodes.H_GETSTATIC || tag == Opcodes.H_PUTSTATIC
                            || tag == Opcodes.H_INVOKESTATIC;
                        member(self, !field, h.getOwner(), h.getName(), h.getDesc(), isStatic, h.isInterface());
                    }
                };
            }
        };
        reader.accept(members, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    /** Records the Openfire classes in a type: itself, an array's element, a method type's arguments and result. */
    private void type(String self, Type type) {
        if (type.getSort() == Type.METHOD) {
            allTypes(type).forEach(t -> type(self, t));
            return;
        }
        while (type.getSort() == Type.ARRAY) {
            type = type.getElementType();
        }
        if (type.getSort() == Type.OBJECT && isOpenfireClass(type.getInternalName())) {
            classes.computeIfAbsent(type.getInternalName(), k -> new TreeSet<>()).add(self.replace('/', '.'));
        }
    }

    private void member(String self, boolean method, String owner, String name, String descriptor, boolean isStatic,
                        boolean ownerIsInterface) {
        type(self, owner.startsWith("[") ? Type.getType(owner) : Type.getObjectType(owner));
        type(self, method ? Type.getMethodType(descriptor) : Type.getType(descriptor));
        if (owner.startsWith("[") || !isOpenfireClass(owner)) {
            return;
        }
        MemberRef ref = new MemberRef(method, owner, name, descriptor, isStatic, ownerIsInterface);
        members.computeIfAbsent(ref.key() + (isStatic ? " static" : "") + (ownerIsInterface ? " itf" : ""),
            k -> ref).from.add(self.replace('/', '.'));
    }

    private static List<Type> allTypes(Type methodType) {
        List<Type> types = new ArrayList<>(List.of(methodType.getArgumentTypes()));
        types.add(methodType.getReturnType());
        return types;
    }
}
