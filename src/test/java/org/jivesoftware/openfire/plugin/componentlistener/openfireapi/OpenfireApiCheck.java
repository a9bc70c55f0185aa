package org.jivesoftware.openfire.plugin.componentlistener.openfireapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.objectweb.asm.Opcodes;

/**
 * Checks the plugin's references to Openfire against the API table of each supported Openfire version. A problem is
 * one line naming the member (or class), the version, what that version has instead, and a referring class.
 */
final class OpenfireApiCheck {
    private static final String REFRESH = "refresh the tables (README, \"Openfire versions\")";

    private OpenfireApiCheck() {
    }

    /**
     * Every problem, for every version; empty when every reference links on every version. {@code guarded}: the
     * {@linkplain ApiTable#memberKey keys} of members that the plugin refers to only after a run-time check found
     * them, so that a version without them never resolves the reference.
     */
    static List<String> problems(PluginReferences refs, Map<String, ApiTable> tables, Set<String> guarded) {
        List<String> problems = new ArrayList<>();
        tables.forEach((version, table) -> problems.addAll(problems(refs, version, table, guarded)));
        return problems;
    }

    static List<String> problems(PluginReferences refs, String version, ApiTable table) {
        return problems(refs, version, table, Set.of());
    }

    static List<String> problems(PluginReferences refs, String version, ApiTable table, Set<String> guarded) {
        List<String> problems = new ArrayList<>();
        String openfire = "Openfire " + version;
        refs.classes.forEach((name, from) -> {
            ApiTable.Entry entry = table.classes.get(name);
            if (entry == null) {
                problems.add("class " + name + " is not in the API table of " + openfire + ": " + REFRESH
                    + " (referred to by " + first(from) + ")");
            } else if (entry.kind == ApiTable.Kind.ABSENT) {
                problems.add("class " + name + " does not exist in " + openfire + " (referred to by " + first(from)
                    + ")");
            }
        });
        for (PluginReferences.MemberRef ref : refs.members.values()) {
            ApiTable.Entry entry = table.classes.get(ref.owner);
            if (entry == null || entry.kind == ApiTable.Kind.ABSENT || guarded.contains(ref.key())) {
                continue; // said above, once for the class; or only called where it exists
            }
            String where = " (referred to by " + first(ref.from) + ")";
            if (ref.method && ref.ownerIsInterface != (entry.kind == ApiTable.Kind.INTERFACE)) {
                problems.add(ref + ": " + ref.owner + " is " + (entry.kind == ApiTable.Kind.INTERFACE
                    ? "an interface" : "a class") + " in " + openfire + where);
                continue;
            }
            ApiTable.Member member = entry.members.get(ref.key());
            if (member == null) {
                problems.add(ref + " does not exist in " + openfire + alternatives(ref, entry) + where);
            } else if (member.isStatic != ref.isStatic) {
                problems.add(ref + " is " + (member.isStatic ? "static" : "not static") + " in " + openfire + where);
            }
        }
        for (PluginReferences.Subtype type : refs.ownClasses.values()) {
            if ((type.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0) {
                problems.addAll(unimplemented(refs, type, openfire, table));
            }
        }
        return problems;
    }

    /**
     * The abstract methods that a concrete class of the plugin inherits from Openfire types and does not implement:
     * calling them would throw AbstractMethodError.
     */
    private static List<String> unimplemented(PluginReferences refs, PluginReferences.Subtype type, String openfire,
                                              ApiTable table) {
        // An interface may declare Object's methods again (abstract); every class has them from Object.
        Set<String> implemented = new TreeSet<>(Set.of("equals(Ljava/lang/Object;)Z", "hashCode()I",
            "toString()Ljava/lang/String;"));
        Set<String> openfireSupertypes = new TreeSet<>();
        List<PluginReferences.Subtype> chain = new ArrayList<>();
        for (PluginReferences.Subtype c = type; c != null; c = refs.ownClasses.get(c.superName)) {
            chain.add(c);
            implemented.addAll(c.concreteMethods);
        }
        for (PluginReferences.Subtype c : chain) {
            if (c.superName != null && !refs.own.contains(c.superName)) {
                openfireSupertypes.add(c.superName);
            }
            c.interfaces.stream().filter(i -> !refs.own.contains(i)).forEach(openfireSupertypes::add);
        }
        // Concrete methods that Openfire's own supertypes provide implement abstract ones of the others.
        for (String supertype : openfireSupertypes) {
            ApiTable.Entry entry = table.classes.get(supertype);
            if (entry != null) {
                entry.members.forEach((key, member) -> {
                    if (key.startsWith("method ") && !member.isAbstract && !member.isStatic) {
                        implemented.add(key.substring(key.lastIndexOf('.', key.indexOf('(')) + 1));
                    }
                });
            }
        }
        List<String> problems = new ArrayList<>();
        for (String supertype : openfireSupertypes) {
            ApiTable.Entry entry = table.classes.get(supertype);
            if (entry == null || entry.kind == ApiTable.Kind.ABSENT) {
                continue; // the class itself is reported
            }
            entry.members.forEach((key, member) -> {
                String nameAndType = key.substring(key.lastIndexOf('.', key.indexOf('(')) + 1);
                if (key.startsWith("method ") && member.isAbstract && !implemented.contains(nameAndType)) {
                    problems.add(type.name.replace('/', '.') + " does not implement abstract " + key + " of "
                        + openfire);
                }
            });
        }
        return problems;
    }

    private static String alternatives(PluginReferences.MemberRef ref, ApiTable.Entry entry) {
        String prefix = ApiTable.memberKey(ref.method, ref.owner, ref.name, "");
        List<String> others = entry.members.keySet().stream()
            .filter(k -> k.startsWith(prefix) && (!ref.method || k.charAt(prefix.length()) == '('))
            .map(k -> k.substring(prefix.length())).collect(Collectors.toList());
        return others.isEmpty() ? "" : ", which has " + ref.name + " " + String.join(", ", others);
    }

    private static String first(Set<String> from) {
        return from.iterator().next() + (from.size() > 1 ? " and " + (from.size() - 1) + " more" : "");
    }
}
