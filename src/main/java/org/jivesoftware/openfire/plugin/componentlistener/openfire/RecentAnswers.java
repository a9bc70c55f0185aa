package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Answers to a slow question, each kept for a short while. Bounded: past {@link #MAX_KEYS} keys (say, a peer asking
 * for ever new subdomains) all are forgotten at once. Thread-safe.
 */
final class RecentAnswers<K, V> {
    static final int MAX_KEYS = 1000;

    private final long freshNanos;
    private final LongSupplier nanoTime;
    private final Map<K, Answer<V>> answers = new ConcurrentHashMap<>();

    private static final class Answer<V> {
        final V value;
        final long at;

        Answer(V value, long at) {
            this.value = value;
            this.at = at;
        }
    }

    RecentAnswers(long freshMillis, LongSupplier nanoTime) {
        this.freshNanos = TimeUnit.MILLISECONDS.toNanos(freshMillis);
        this.nanoTime = nanoTime;
    }

    /** The answer for the key: the one given less than the fresh time ago, else a new one from the question. */
    V get(K key, Function<K, V> question) {
        long now = nanoTime.getAsLong();
        Answer<V> known = answers.get(key);
        if (known != null && now - known.at < freshNanos) {
            return known.value;
        }
        V value = question.apply(key);
        if (answers.size() >= MAX_KEYS) {
            answers.clear();
        }
        answers.put(key, new Answer<>(value, now));
        return value;
    }
}
