package org.jivesoftware.openfire.plugin.componentlistener.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

/** Parsing and matching of the access option, with a directory of one admin and one group. */
class AccessRuleTest {
    private static final String DOMAIN = "example.org";
    private static final AccessRule.Directory DIRECTORY = new AccessRule.Directory() {
        @Override
        public boolean isAdmin(JID user) {
            return user.equals(new JID("boss@example.org"));
        }

        @Override
        public boolean isInGroup(JID user, String group) {
            return "staff".equals(group) && Set.of(new JID("carol@example.org")).contains(user);
        }
    };

    private static boolean allows(String rule, String sender) {
        return AccessRule.parse(rule).allows(new JID(sender), DOMAIN, DIRECTORY);
    }

    @Test
    void eachKindMatchesWhatItNames() {
        assertTrue(allows("all", "anyone@elsewhere.net/r"));
        assertTrue(allows("local", "alice@example.org/phone"));
        assertFalse(allows("local", "alice@elsewhere.net"));
        assertFalse(allows("local", "example.org"), "the server itself is not an account");
        assertTrue(allows("admins", "boss@example.org/desk"));
        assertFalse(allows("admins", "alice@example.org"));
        assertTrue(allows("group:staff", "carol@example.org/r"));
        assertFalse(allows("group:staff", "alice@example.org"));
        assertTrue(allows("dave@elsewhere.net", "dave@elsewhere.net/laptop"));
        assertFalse(allows("dave@elsewhere.net", "eve@elsewhere.net"));
        assertTrue(allows("partner.net", "x@partner.net/r"));
        assertTrue(allows("partner.net", "partner.net"));
        assertFalse(allows("partner.net", "x@sub.partner.net"));
    }

    @Test
    void aListAllowsAnyoneMatchingOneItem() {
        String rule = "admins, group:staff, partner.net";
        assertTrue(allows(rule, "boss@example.org"));
        assertTrue(allows(rule, "carol@example.org"));
        assertTrue(allows(rule, "x@partner.net"));
        assertFalse(allows(rule, "alice@example.org"));
        assertFalse(AccessRule.parse(rule).allows(null, DOMAIN, DIRECTORY), "no sender, no access");
    }

    @Test
    void badRulesAreRefusedWithTheItemNamed() {
        assertEquals("access item 'group:' names no group",
            assertThrows(IllegalArgumentException.class, () -> AccessRule.parse("local, group:")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessRule.parse("a@b/c")).getMessage()
            .contains("'a@b/c'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessRule.parse("bad host!")).getMessage()
            .contains("'bad host!'"));
        assertThrows(IllegalArgumentException.class, () -> AccessRule.parse(" , "));
    }

    @Test
    void allIsRecognisedWithoutLookups() {
        assertTrue(AccessRule.parse("local, all").allowsEverybody());
        assertFalse(AccessRule.parse("local").allowsEverybody());
    }
}
