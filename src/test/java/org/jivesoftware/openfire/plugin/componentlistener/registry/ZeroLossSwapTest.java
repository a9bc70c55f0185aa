package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.Test;

/** kick_old while a user floods the domain: every stanza is delivered exactly once, and the new session in order. */
class ZeroLossSwapTest {
    private static final String DOMAIN = "gw.example.org";
    private static final Pattern BODY = Pattern.compile("<body>(\\d+)</body>");

    private static List<Integer> bodies(String stream) {
        List<Integer> numbers = new ArrayList<>();
        Matcher matcher = BODY.matcher(stream);
        while (matcher.find()) {
            numbers.add(Integer.parseInt(matcher.group(1)));
        }
        return numbers;
    }

    @Test
    void everyStanzaIsDeliveredExactlyOnceAcrossTheSwap() throws Exception {
        InMemoryOpenfire openfire = new InMemoryOpenfire();
        int sent = 4000;
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("conflict_behaviour", "kick_old"));
             RawComponent old = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
            CountDownLatch halfway = new CountDownLatch(1);
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < sent; i++) {
                    if (i == sent / 4) {
                        halfway.countDown();
                    }
                    openfire.send(InMemoryOpenfire.message("alice@example.org/phone", DOMAIN, String.valueOf(i)));
                }
            });
            // The old component keeps reading until it is kicked.
            CompletableFuture<String> oldStream = CompletableFuture.supplyAsync(() -> {
                try {
                    old.awaitClosed();
                    return old.received();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(halfway.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            try (RawComponent replacement = RawComponent.connect(fixture.port(), DOMAIN, SECRET)) {
                flood.get(30, TimeUnit.SECONDS);
                List<Integer> toOld = bodies(oldStream.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                int expected = sent - toOld.size();
                List<Integer> toNew = new ArrayList<>();
                for (int i = 0; i < expected; i++) {
                    toNew.add(Integer.parseInt(replacement.awaitElement("message").elementText("body")));
                }
                Set<Integer> all = new HashSet<>(toOld);
                all.addAll(toNew);
                assertEquals(sent, all.size(), "every stanza arrived");
                assertEquals(sent, toOld.size() + toNew.size(), "none twice");
                for (int i = 1; i < toNew.size(); i++) {
                    assertTrue(toNew.get(i - 1) < toNew.get(i), "in order at " + i);
                }
                assertTrue(toOld.isEmpty() || toNew.isEmpty() || toOld.get(toOld.size() - 1) < toNew.get(0),
                    "the new session starts where the old one stopped");
                assertTrue(replacement.staysOpenFor(100));
            }
            assertTrue(openfire.inbox("alice@example.org").isEmpty(), "nothing bounced");
        }
    }
}
