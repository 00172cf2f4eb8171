package org.edtriage.ecg.signal;

/**
 * Second-order Butterworth low-pass (bilinear transform): causal, as an electrocardiograph's hardware
 * filters, or forwards-and-backwards for measurements that must not shift in time.
 */
public final class Butterworth {
    private final double b0, b1, b2, a1, a2;

    public Butterworth(double cutoffHz, double samplingRateHz) {
        double k = Math.tan(Math.PI * cutoffHz / samplingRateHz);
        double norm = 1 / (1 + Math.sqrt(2) * k + k * k);
        b0 = k * k * norm;
        b1 = 2 * b0;
        b2 = b0;
        a1 = 2 * (k * k - 1) * norm;
        a2 = (1 - Math.sqrt(2) * k + k * k) * norm;
    }

    /** Whether a cutoff makes sense at this rate (below Nyquist); otherwise filtering is a no-op. */
    public static boolean applies(double cutoffHz, double samplingRateHz) {
        return cutoffHz > 0 && cutoffHz < samplingRateHz / 2;
    }

    /** Causal filtering in place, starting settled at the first value (no start-up transient). */
    public void filter(double[] x) {
        double x1 = x.length > 0 ? x[0] : 0, x2 = x1, y1 = x1, y2 = x1;
        for (int i = 0; i < x.length; i++) {
            double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            x[i] = v;
        }
    }

    /** Zero-phase filtering: forwards, then backwards; returns a new array. */
    public float[] zeroPhase(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        filter(y);
        reverse(y);
        filter(y);
        reverse(y);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    private static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }
}
