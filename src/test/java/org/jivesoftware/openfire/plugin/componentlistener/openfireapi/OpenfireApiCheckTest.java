package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The guard fails when it should: classes made here, in a package the plugin does not have, refer to Openfire as a
 * plugin compiled against another Openfire would, and are checked against the committed tables.
 */
class OpenfireApiCheckTest {
    private static final String OLD_SET_PROPERTY = "(Ljava/lang/String;Ljava/lang/String;)V";
    private static final String NEW_SET_PROPERTY = "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;";

    private final Map<String, ApiTable> tables =
        OpenfireApiTest.tables(OpenfireApiTest.basedir().resolve(OpenfireApiTableRefresh.TABLES));

    /** A class {@code name} implementing {@code interfaces}, with one method whose code {@code code} writes. */
    private static byte[] synthetic(String name, String[] interfaces, Consumer<MethodVisitor> code) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", interfaces);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        method.visitCode();
        code.accept(method);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] callingSetProperty(String name, String descriptor) {
        return synthetic(name, new String[0], m -> {
            m.visitLdcInsn("a.property");
            m.visitLdcInsn("a value");
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "org/jivesoftware/util/JiveGlobals", "setProperty", descriptor,
                false);
            if (descriptor.endsWith(")Ljava/lang/String;")) {
                m.visitInsn(Opcodes.POP);
            }
        });
    }

    private List<String> problems(String version, byte[]... classes) {
        return OpenfireApiCheck.problems(PluginReferences.of(List.of(classes)), version, tables.get(version));
    }

    /** What broke the plugin on Openfire's main branch: the call compiled against Openfire up to 5.1. */
    @Test
    void theOldSetPropertyFailsOnMainNamingTheMemberAndTheVersion() {
        byte[] old = callingSetProperty("com/example/elsewhere/OldSetter", OLD_SET_PROPERTY);
        assertEquals(List.of("static method org/jivesoftware/util/JiveGlobals.setProperty" + OLD_SET_PROPERTY
            + " does not exist in Openfire main, which has setProperty " + NEW_SET_PROPERTY
            + ", (Ljava/lang/String;Ljava/lang/String;Z)Ljava/lang/String;"
            + ", (Ljava/lang/String;Ljava/util/List;)Ljava/util/List;"
            + " (referred to by com.example.elsewhere.OldSetter)"), problems("main", old));
        for (String version : List.of("4.9.2", "5.0.5", "5.1.1")) {
            assertEquals(List.of(), problems(version, old), version);
        }
    }

    @Test
    void aGuardedReferenceIsLeftToItsRunTimeCheck() {
        byte[] old = callingSetProperty("Guarded", OLD_SET_PROPERTY);
        assertEquals(List.of(), OpenfireApiCheck.problems(PluginReferences.of(List.of(old)), "main", tables.get("main"),
            java.util.Set.of("method org/jivesoftware/util/JiveGlobals.setProperty" + OLD_SET_PROPERTY)));
    }

    /** And the other way round: compiled against main, the plugin would not link on the released versions. */
    @Test
    void theNewSetPropertyFailsOnTheReleasedVersions() {
        byte[] newer = callingSetProperty("NewSetter", NEW_SET_PROPERTY);
        assertEquals(List.of(), problems("main", newer));
        for (String version : List.of("4.9.2", "5.0.5", "5.1.1")) {
            List<String> problems = problems(version, newer);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("static method org/jivesoftware/util/JiveGlobals.setProperty"
                + NEW_SET_PROPERTY + " does not exist in Openfire " + version + ", which has setProperty "
                + OLD_SET_PROPERTY), problems.get(0));
        }
    }

    @Test
    void aClassTheTablesDoNotCoverFailsAskingForARefresh() {
        byte[] unknown = synthetic("Unknown", new String[0], m -> m.visitMethodInsn(Opcodes.INVOKESTATIC,
            "org/jivesoftware/openfire/NotYetInTheTable", "call", "()V", false));
        assertEquals(List.of("class org/jivesoftware/openfire/NotYetInTheTable is not in the API table of Openfire"
            + " 5.1.1: refresh the tables (README, \"Openfire versions\") (referred to by Unknown)"),
            problems("5.1.1", unknown));
    }

    @Test
    void aStaticMethodCalledOnAnInstanceFails() {
        byte[] wrong = synthetic("Virtual", new String[0], m -> {
            m.visitInsn(Opcodes.ACONST_NULL);
            m.visitLdcInsn("a.property");
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/jivesoftware/util/JiveGlobals", "getProperty",
                "(Ljava/lang/String;)Ljava/lang/String;", false);
            m.visitInsn(Opcodes.POP);
        });
        assertEquals(List.of("method org/jivesoftware/util/JiveGlobals.getProperty(Ljava/lang/String;)"
            + "Ljava/lang/String; is static in Openfire 4.9.2 (referred to by Virtual)"), problems("4.9.2", wrong));
    }

    @Test
    void anOpenfireInterfaceMethodLeftUnimplementedFails() {
        byte[] listener = synthetic("HalfListener", new String[] {"org/jivesoftware/util/PropertyEventListener"},
            m -> { });
        List<String> problems = problems("5.1.1", listener);
        assertTrue(problems.contains("HalfListener does not implement abstract method"
            + " org/jivesoftware/util/PropertyEventListener.propertySet(Ljava/lang/String;Ljava/util/Map;)V of"
            + " Openfire 5.1.1"), problems.toString());
        assertEquals(4, problems.size(), "one per method of PropertyEventListener: " + problems);
    }
}
