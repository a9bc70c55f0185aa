package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Openfire's External Components settings change while components are connected: the sessions they no longer admit
 * go, with not-authorized and the reason, and no others.
 */
class PermissionChangesTest {
    private final InMemoryOpenfire openfire = new InMemoryOpenfire().defaultSecret("default-secret")
        .subdomainSecret("own", "own-secret");
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture withPassword;
    private ListenerFixture withDefault;
    private RawComponent byPassword;
    private RawComponent byDefault;
    private RawComponent byOwnSecret;

    @BeforeEach
    void connect() throws Exception {
        withPassword = listeners.start();
        withDefault = listeners.beside(withPassword, Map.of("password", ""));
        byPassword = RawComponent.connect(withPassword.port(), "pw.example.org", ListenerFixture.SECRET);
        byDefault = RawComponent.connect(withDefault.port(), "dflt.example.org", "default-secret");
        byOwnSecret = RawComponent.connect(withPassword.port(), "own.example.org", "own-secret");
    }

    @AfterEach
    void stop() throws Exception {
        byPassword.close();
        byDefault.close();
        byOwnSecret.close();
    }

    private static void assertRevoked(RawComponent component, String text) throws Exception {
        Element error = component.awaitStreamErrorAndClose();
        assertEquals("not-authorized", condition(error));
        assertTrue(error.elementText("text").contains(text), error.asXML());
    }

    private void assertUntouched(RawComponent... components) throws Exception {
        for (RawComponent component : components) {
            assertTrue(component.staysOpenFor(200), component.received());
        }
    }

    @Test
    void blockingASubdomainDisconnectsItsSessionAtOnce() throws Exception {
        openfire.block("pw");
        withPassword.registry().revoke("pw", "pw was blocked in the External Components settings");
        assertRevoked(byPassword, "blocked");
        assertUntouched(byDefault, byOwnSecret);
    }

    @Test
    void aPolicyThatNoLongerAdmitsASubdomainDisconnectsIt() throws Exception {
        openfire.block("dflt");
        withPassword.registry().revalidateSoon();
        assertRevoked(byDefault, "no longer allowed");
        assertUntouched(byPassword, byOwnSecret);
    }

    @Test
    void changingASubdomainSecretDisconnectsThatSession() throws Exception {
        openfire.subdomainSecret("own", "rotated");
        withPassword.registry().revalidateSoon();
        assertRevoked(byOwnSecret, "secret");
        assertUntouched(byPassword, byDefault);
    }

    @Test
    void changingTheDefaultSecretDisconnectsTheSessionsThatUsedIt() throws Exception {
        openfire.defaultSecret("new-default");
        withPassword.registry().revalidateSoon();
        assertRevoked(byDefault, "secret");
        assertUntouched(byPassword, byOwnSecret);
    }

    @Test
    void aSecretForAnotherSubdomainDisconnectsNobody() throws Exception {
        openfire.subdomainSecret("unrelated", "whatever");
        withPassword.registry().revalidateSoon();
        // Revalidations run one after the other: once a later one has disconnected a session for its own reason,
        // the first has run. A stream ends with one error: this one shows that the first left the session alone.
        openfire.block("own");
        withPassword.registry().revalidateSoon();
        assertRevoked(byOwnSecret, "no longer allowed");
        assertUntouched(byPassword, byDefault);
    }
}
