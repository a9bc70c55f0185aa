package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.util.JiveGlobals;

/**
 * Settings kept in Openfire's system properties: in its database, shared by the cluster, editable by admins.
 *
 * <p>{@code JiveGlobals.setProperty(String, String)} and {@code JiveGlobals.deleteProperty(String)} return
 * {@code void} up to Openfire 5.1 and the previous value ({@code String}) from 5.2 on (OF-3313). A call compiled
 * against one cannot link against the other, so these two are looked up once, by name and parameter types only,
 * and called through a method handle that drops whatever they return.
 */
public final class OpenfireProperties implements PropertyStore {

    private static final MethodHandle SET_PROPERTY =
        staticIgnoringResult(JiveGlobals.class, "setProperty", String.class, String.class);
    private static final MethodHandle DELETE_PROPERTY =
        staticIgnoringResult(JiveGlobals.class, "deleteProperty", String.class);

    @Override
    public String get(String name) {
        return JiveGlobals.getProperty(name);
    }

    @Override
    public void set(String name, String value) {
        try {
            SET_PROPERTY.invokeExact(name, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JiveGlobals.setProperty failed", e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            DELETE_PROPERTY.invokeExact(name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JiveGlobals.deleteProperty failed", e);
        }
    }

    @Override
    public List<String> names(String prefix) {
        return JiveGlobals.getPropertyNames().stream().filter(name -> name.startsWith(prefix))
            .collect(Collectors.toList());
    }

    /**
     * The public static method {@code owner.name(parameterTypes)}, whatever it returns, as a handle of type
     * {@code (parameterTypes)void}: its result, if any, is dropped.
     *
     * @throws IllegalStateException when {@code owner} has no such public static method
     */
    static MethodHandle staticIgnoringResult(Class<?> owner, String name, Class<?>... parameterTypes) {
        String signature = owner.getName() + "." + name + Arrays.stream(parameterTypes)
            .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
        Method method;
        try {
            method = owner.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("This Openfire has no public method " + signature, e);
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new IllegalStateException("In this Openfire, " + signature + " is not static");
        }
        try {
            return MethodHandles.publicLookup().unreflect(method)
                .asType(MethodType.methodType(void.class, parameterTypes));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + signature, e);
        }
    }
}
