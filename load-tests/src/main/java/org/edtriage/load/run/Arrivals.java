package org.edtriage.load.run;

import java.time.Duration;

/**
 * Intended send times of an open-loop load: fixed by the rate alone, never by how fast the system answers, so a
 * slow system shows as latency (measured from the intended time) rather than as fewer requests — the coordinated
 * omission a closed loop would hide.
 */
public final class Arrivals {
    private final long[] offsetsNanos;

    private Arrivals(long[] offsetsNanos) {
        this.offsetsNanos = offsetsNanos;
    }

    /** A constant rate for a duration. */
    public static Arrivals steady(double rate, Duration length) {
        int n = (int) Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (long) (i * 1e9 / rate);
        }
        return new Arrivals(t);
    }

    /** A base rate with {@code factor} × that rate between {@code at} and {@code at + burst}: a mass-casualty event. */
    public static Arrivals burst(double rate, Duration length, double factor, Duration at, Duration burst) {
        long end = length.toNanos(), b0 = at.toNanos(), b1 = at.plus(burst).toNanos();
        var out = new java.util.ArrayList<Long>();
        double t = 0;
        while (t < end) {
            out.add((long) t);
            double r = t >= b0 && t < b1 ? rate * factor : rate;
            t += 1e9 / r;
        }
        return new Arrivals(out.stream().mapToLong(Long::longValue).toArray());
    }

    public int count() {
        return offsetsNanos.length;
    }

    /** Nanoseconds after the start at which arrival i is due. */
    public long offsetNanos(int i) {
        return offsetsNanos[i];
    }
}
