package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.junit.jupiter.api.Test;

class RecentAnswersTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger asked = new AtomicInteger();
    private final RecentAnswers<String, String> answers = new RecentAnswers<>(100, now::get);

    private String ask(String key) {
        return answers.get(key, k -> k + asked.incrementAndGet());
    }

    @Test
    void anAnswerIsReusedWhileFreshThenAskedAgain() {
        assertEquals("a1", ask("a"));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(99));
        assertEquals("a1", ask("a"));
        assertEquals("b2", ask("b"), "another key is asked for itself");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals("a3", ask("a"), "100 ms old: asked again");
        assertEquals(3, asked.get());
    }

    @Test
    void manyKeysAreForgottenAtOnceSoTheTableStaysBounded() {
        for (int i = 0; i < RecentAnswers.MAX_KEYS; i++) {
            ask("k" + i);
        }
        ask("one more");
        assertEquals(RecentAnswers.MAX_KEYS + 1, asked.get());
        ask("k0");
        assertEquals(RecentAnswers.MAX_KEYS + 2, asked.get(), "forgotten when the table was full");
        ask("one more");
        assertEquals(RecentAnswers.MAX_KEYS + 2, asked.get(), "kept after the clear");
    }

    @Test
    void settingsAnswersExpireWellBeforeSessionsAreCheckedAfterAChange() {
        // Openfire announces a change before storing it: a check must not see an answer read before the store.
        assertTrue(OpenfireAdapter.SETTINGS_FRESH_MILLIS * 4 <= ComponentRegistry.REVALIDATE_DELAY_MILLIS);
    }
}
