package org.edtriage.load.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.Map;

/**
 * One row per arrival: when it was due, how it entered, what the sender got back, and (filled in by the collector)
 * when its ECG reached Kafka, its score and its alert were committed. Every latency is computed from these rows.
 * Times are epoch milliseconds on this machine's clock, which the services share (all on 127.0.0.1).
 */
public final class Ledger {
    public static final long NONE = Long.MIN_VALUE;
    private int size;
    final Scenario.Entry[] entry;
    final Poison[] poison;
    final AtomicLongArray intended, acked, ingested, scored, alerted, alertedRaised;
    final int[] attempts;
    final String[] outcome;
    /** Errors seen by senders, by kind (e.g. "mllp AR", "http 503", "connection refused"), retried or not. */
    final Map<String, Long> errors = new ConcurrentHashMap<>();
    /** How long each answer that was not an acceptance (AR, AE, HTTP 4xx/5xx) took, ms: a refusal that keeps a sender waiting is late too. */
    final java.util.List<Long> refusalMillis = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public Ledger(int size) {
        this.size = size;
        entry = new Scenario.Entry[size];
        poison = new Poison[size];
        intended = filled(size);
        acked = filled(size);
        ingested = filled(size);
        scored = filled(size);
        alerted = filled(size);
        alertedRaised = filled(size);
        attempts = new int[size];
        outcome = new String[size];
    }

    private static AtomicLongArray filled(int n) {
        AtomicLongArray a = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, NONE);
        }
        return a;
    }

    /** A ramp that stopped early: only the first n arrivals were sent. */
    void truncate(int n) {
        size = Math.min(size, n);
    }

    public int size() {
        return size;
    }

    void error(String kind) {
        errors.merge(kind, 1L, Long::sum);
    }

    /** A sender's request was answered, but not with an acceptance, after {@code millis}. */
    void refused(long millis) {
        refusalMillis.add(millis);
    }

    /** Latency of a stage in ms for arrival i, or NONE. */
    static long between(AtomicLongArray from, AtomicLongArray to, int i) {
        long a = from.get(i), b = to.get(i);
        return a == NONE || b == NONE ? NONE : Math.max(0, b - a);
    }
}
