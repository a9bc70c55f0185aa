package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where calls to Openfire that may block run (its database behind the External Components settings, its cluster
 * when a component is removed, its directory for access checks): never on an event loop, nor on the registry's
 * worker, which may wait for them. One pool for the whole plugin.
 */
public final class OpenfireCalls implements Executor {
    private static final int THREADS = 2;
    private final ExecutorService threads;

    public OpenfireCalls(ThreadFactory threadFactory) {
        this.threads = Executors.newFixedThreadPool(THREADS, threadFactory);
    }

    /** Runs the call on the pool; on the caller's thread once the pool is stopped (the plugin is stopping). */
    @Override
    public void execute(Runnable call) {
        try {
            threads.execute(call);
        } catch (RejectedExecutionException e) {
            call.run();
        }
    }

    /** Runs a lookup away from the caller's thread. */
    public <T> CompletableFuture<T> supply(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, this);
    }

    /** Takes no new calls and waits, at most the given time, for those already asked for (removing routes). */
    public void shutdown(long waitMillis) {
        threads.shutdown();
        try {
            threads.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
