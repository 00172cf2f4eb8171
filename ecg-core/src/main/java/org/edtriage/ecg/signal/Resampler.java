package org.edtriage.ecg.signal;

import java.util.HashMap;
import java.util.Map;

/**
 * Band-limited resampling: a Kaiser-windowed sinc whose cutoff is the lower of the two Nyquist
 * frequencies, so downsampling filters before it decimates (plain decimation folds mains hum and EMG
 * into the ECG band, as the tl-ecg code did).
 *
 * <p>For the rational ratios ECGs use (500→100, 360→400, 1000→500 Hz) the output positions cycle
 * through a few fractional phases, so each phase's kernel is computed once and reused (polyphase):
 * per sample the cost is one dot product, not a window evaluation per tap.
 */
public final class Resampler {
    private static final int HALF_TAPS_AT_UNITY = 16;
    private static final double KAISER_BETA = 8.0;
    private static final int MAX_CACHED_PHASES = 4096;

    private Resampler() {
    }

    public static float[] resample(float[] x, double fromHz, double toHz) {
        if (fromHz == toHz) {
            return x.clone();
        }
        int outLength = (int) Math.round(x.length * toHz / fromHz);
        float[] y = new float[outLength];
        double ratio = toHz / fromHz;
        double cutoff = Math.min(1.0, ratio) * 0.5 * 0.95; // relative to the input rate
        int half = (int) Math.ceil(HALF_TAPS_AT_UNITY / Math.min(1.0, ratio)); // wider kernel when narrower in frequency
        boolean integerRates = fromHz == Math.rint(fromHz) && toHz == Math.rint(toHz);
        long g = integerRates ? gcd((long) fromHz, (long) toHz) : 1;
        final long up = integerRates ? (long) toHz / g : 0;
        final long down = integerRates ? (long) fromHz / g : 0;
        Map<Long, double[]> phases = new HashMap<>();
        for (int j = 0; j < outLength; j++) {
            int centre;
            double[] kernel;
            if (up > 0 && up <= MAX_CACHED_PHASES) {
                long num = j * down; // input position = num / up exactly
                centre = (int) (num / up);
                kernel = phases.computeIfAbsent(num % up, phase -> kernel((double) phase / up, half, cutoff));
            } else {
                double t = j / ratio;
                centre = (int) Math.floor(t);
                kernel = kernel(t - centre, half, cutoff);
            }
            double acc = 0;
            int start = centre - half + 1;
            for (int k = 0; k < kernel.length; k++) {
                int idx = Math.min(Math.max(start + k, 0), x.length - 1); // edges: hold the end value
                acc += kernel[k] * x[idx];
            }
            y[j] = (float) acc;
        }
        return y;
    }

    /** Normalised weights for input samples centre-half+1 .. centre+half, at fractional offset frac. */
    private static double[] kernel(double frac, int half, double cutoff) {
        double i0Beta = besselI0(KAISER_BETA);
        double[] w = new double[2 * half];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            double d = frac + half - 1 - k; // distance from the output position to input sample k
            w[k] = kaiser(d / half, i0Beta) * 2 * cutoff * sinc(2 * cutoff * d);
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        return w;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static double sinc(double v) {
        return v == 0 ? 1 : Math.sin(Math.PI * v) / (Math.PI * v);
    }

    private static double kaiser(double r, double i0Beta) {
        if (Math.abs(r) > 1) {
            return 0;
        }
        return besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / (k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
