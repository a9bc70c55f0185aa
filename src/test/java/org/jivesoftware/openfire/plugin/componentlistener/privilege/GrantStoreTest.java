package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.GrantStore.Permission;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;

/** The grants as the properties hold them: defaults, every value, and what is refused. */
class GrantStoreTest {
    private static final String DOMAIN = "gw.example.org";
    private final MapPropertyStore properties = new MapPropertyStore();
    private final GrantStore store = new GrantStore(properties);

    @Test
    void nothingIsGrantedByDefault() {
        assertEquals(List.of(), store.readAll());
        assertTrue(store.read(DOMAIN).grants().isEmpty());
    }

    @Test
    void everyPermissionIsReadAndPushDefaultsAsTheXepSays() {
        List<Message> problems = store.save(DOMAIN, Map.of(Permission.ROSTER, "both", Permission.MESSAGE, "outgoing",
            Permission.PRESENCE, "roster", Permission.IQ, "http://jabber.org/protocol/pubsub=both, urn:x=get"));
        assertEquals(List.of(), problems);
        Grants grants = store.read(DOMAIN).grants();
        assertEquals(Access.BOTH, grants.roster());
        assertTrue(grants.rosterPush(), "push defaults to true with get or both");
        assertEquals(Grants.MessageAccess.OUTGOING, grants.message());
        assertEquals(Grants.PresenceAccess.ROSTER, grants.presence());
        assertTrue(grants.allowsIq("http://jabber.org/protocol/pubsub", IQ.Type.set));
        assertTrue(grants.allowsIq("urn:x", IQ.Type.get));
        assertFalse(grants.allowsIq("urn:x", IQ.Type.set));
        assertEquals(List.of(DOMAIN), store.readAll().stream().map(GrantStore.Read::domain)
            .collect(java.util.stream.Collectors.toList()));

        store.save(DOMAIN, Map.of(Permission.ROSTER, "set"));
        assertFalse(store.read(DOMAIN).grants().rosterPush(), "never pushes with set only");
        assertEquals(Grants.MessageAccess.NONE, store.read(DOMAIN).grants().message(), "saving replaces");
    }

    @Test
    void aPropertySetByScriptIsReadLikeOneSaved() {
        properties.set(GrantStore.propertyName(DOMAIN, Permission.ROSTER), " GET ");
        properties.set(GrantStore.propertyName(DOMAIN, Permission.ROSTER_PUSH), "false");
        Grants grants = store.read(DOMAIN).grants();
        assertEquals(Access.GET, grants.roster());
        assertFalse(grants.rosterPush());
    }

    @Test
    void invalidValuesAreRefusedWithTheirReasonAndGrantNothing() {
        List<Message> problems = store.save(DOMAIN, Map.of(Permission.ROSTER, "all", Permission.ROSTER_PUSH, "yes",
            Permission.MESSAGE, "incoming", Permission.PRESENCE, "everyone", Permission.IQ, "urn:x=get,urn:x=set,=get,urn:y"));
        assertEquals(List.of("error.privilege.value", "error.privilege.value", "error.privilege.value",
            "error.privilege.value", "error.privilege.iq.twice", "error.privilege.iq", "error.privilege.iq"),
            problems.stream().map(Message::key).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of(), store.readAll(), "nothing was written");
        assertEquals("error.privilege.domain", store.save("not a domain", Map.of()).get(0).key());

        properties.set(GrantStore.propertyName(DOMAIN, Permission.ROSTER), "both");
        properties.set(GrantStore.propertyName(DOMAIN, Permission.MESSAGE), "sometimes");
        properties.set(GrantStore.PREFIX + DOMAIN + ".bookmarks", "both");
        GrantStore.Read read = store.read(DOMAIN);
        assertTrue(read.grants().isEmpty(), "a domain with a broken property is granted nothing");
        assertEquals(2, read.problems().size());
    }

    @Test
    void deletingADomainLeavesLongerDomainsAlone() {
        store.save(DOMAIN, Map.of(Permission.ROSTER, "both"));
        store.save(DOMAIN + ".sub", Map.of(Permission.ROSTER, "get"));
        store.delete(DOMAIN);
        assertTrue(store.read(DOMAIN).grants().isEmpty());
        assertEquals(Access.GET, store.read(DOMAIN + ".sub").grants().roster());
    }
}
