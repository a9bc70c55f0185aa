package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The same call links whether Openfire's property setters return void (up to 5.1) or the previous value (5.2). */
class OpenfirePropertiesTest {
    static final List<String> CALLS = new ArrayList<>();

    /** As JiveGlobals up to Openfire 5.1. */
    public static final class VoidSetters {
        public static void setProperty(String name, String value) {
            CALLS.add("void set " + name + "=" + value);
        }

        public static void deleteProperty(String name) {
            CALLS.add("void delete " + name);
        }
    }

    /** As JiveGlobals from Openfire 5.2 (OF-3313). */
    public static final class ReturningSetters {
        public static String setProperty(String name, String value) {
            CALLS.add("string set " + name + "=" + value);
            return "previous";
        }

        public static String deleteProperty(String name) {
            CALLS.add("string delete " + name);
            return "previous";
        }
    }

    public static final class NotStatic {
        public void setProperty(String name, String value) {
        }
    }

    @Test
    void callsTheSetterWhateverItReturns() throws Throwable {
        CALLS.clear();
        for (Class<?> owner : List.of(VoidSetters.class, ReturningSetters.class)) {
            MethodHandle set = OpenfireProperties.staticIgnoringResult(owner, "setProperty", String.class, String.class);
            MethodHandle delete = OpenfireProperties.staticIgnoringResult(owner, "deleteProperty", String.class);
            set.invokeExact("a", "1");
            delete.invokeExact("a");
        }
        assertEquals(List.of("void set a=1", "void delete a", "string set a=1", "string delete a"), CALLS);
    }

    @Test
    void aMissingOrInstanceMethodIsNamed() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () ->
            OpenfireProperties.staticIgnoringResult(VoidSetters.class, "setProperty", String.class));
        assertTrue(missing.getMessage().endsWith("VoidSetters.setProperty(String)"), missing.getMessage());
        IllegalStateException instance = assertThrows(IllegalStateException.class, () ->
            OpenfireProperties.staticIgnoringResult(NotStatic.class, "setProperty", String.class, String.class));
        assertTrue(instance.getMessage().contains("NotStatic.setProperty(String, String) is not static"),
            instance.getMessage());
    }
}
