package org.edtriage.ecg.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The QRS complexes of a multi-lead ECG: the summed absolute slope of the given leads (after a zero-phase 40 Hz
 * low-pass, as ECG measurement programs use, and 10 ms smoothing), its peaks at least 250 ms apart above 35 % of
 * its 99.5th percentile, and each complex's onset and offset where the slope falls to 10 % of its peak (within
 * 120 ms). Shared by the {@link Delineator}'s measurements and the {@link MedianBeat}.
 *
 * @param fiducials the steepest point of each QRS (sample index), in time order
 * @param onsets    QRS onset of each, {@code offsets} QRS end (the J point)
 * @param slope     the smoothed spatial slope the complexes were found on
 */
public record Beats(double samplingRateHz, int[] fiducials, int[] onsets, int[] offsets, double[] slope) {

    public int count() {
        return fiducials.length;
    }

    /** The median RR interval in seconds (NaN with fewer than two beats). */
    public double medianRrSeconds() {
        if (fiducials.length < 2) {
            return Double.NaN;
        }
        double[] rr = new double[fiducials.length - 1];
        for (int i = 1; i < fiducials.length; i++) {
            rr[i - 1] = (fiducials[i] - fiducials[i - 1]) / samplingRateHz;
        }
        Arrays.sort(rr);
        int m = rr.length;
        return m % 2 == 1 ? rr[m / 2] : (rr[m / 2 - 1] + rr[m / 2]) / 2;
    }

    /** Finds the QRS complexes of {@code leads} (millivolts, all of the same length) sampled at {@code fs}. */
    public static Beats detect(float[][] leads, double fs) {
        return detectBandLimited(lowPassed(leads, fs), fs);
    }

    /** The measurement band: a zero-phase 40 Hz low-pass of every lead (no timing bias), where the rate allows it. */
    static float[][] lowPassed(float[][] leads, double fs) {
        if (!Butterworth.applies(40, fs)) {
            return leads;
        }
        Butterworth lowPass = new Butterworth(40, fs);
        float[][] band = new float[leads.length][];
        for (int l = 0; l < leads.length; l++) {
            band[l] = lowPass.zeroPhase(leads[l]);
        }
        return band;
    }

    /** As {@link #detect}, for leads already low-passed to the measurement band. */
    static Beats detectBandLimited(float[][] band, double fs) {
        double[] slope = smooth(slope(band, fs), (int) Math.max(1, 0.01 * fs));
        List<Integer> peaks = qrsPeaks(slope, fs);
        int[] fiducials = new int[peaks.size()], onsets = new int[peaks.size()], offsets = new int[peaks.size()];
        for (int b = 0; b < peaks.size(); b++) {
            int peak = peaks.get(b);
            fiducials[b] = peak;
            onsets[b] = walk(slope, peak, -1, 0.1 * slope[peak], (int) (0.12 * fs));
            offsets[b] = walk(slope, peak, +1, 0.1 * slope[peak], (int) (0.12 * fs));
        }
        return new Beats(fs, fiducials, onsets, offsets, slope);
    }

    static double[] slope(float[][] leads, double fs) {
        int n = leads[0].length;
        double[] d = new double[n];
        for (float[] x : leads) {
            for (int i = 1; i < n - 1; i++) {
                d[i] += Math.abs(x[i + 1] - x[i - 1]) * fs / 2;
            }
        }
        return d;
    }

    static double[] smooth(double[] x, int w) {
        double[] out = new double[x.length];
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
            acc += x[i];
            if (i >= w) {
                acc -= x[i - w];
            }
            out[Math.max(0, i - w / 2)] = acc / Math.min(i + 1, w);
        }
        return out;
    }

    private static List<Integer> qrsPeaks(double[] slope, double fs) {
        if (slope.length < 3) {
            return new ArrayList<>();
        }
        double[] sorted = slope.clone();
        Arrays.sort(sorted);
        double threshold = 0.35 * sorted[(int) (0.995 * (sorted.length - 1))];
        List<Integer> peaks = new ArrayList<>();
        if (!(threshold > 0)) {
            return peaks; // a flat recording has no beats
        }
        int refractory = (int) (0.25 * fs);
        int i = 0;
        while (i < slope.length) {
            if (slope[i] > threshold) {
                int end = Math.min(slope.length - 1, i + (int) (0.12 * fs));
                int best = argmax(slope, i, end);
                if (peaks.isEmpty() || best - peaks.get(peaks.size() - 1) > refractory) {
                    peaks.add(best);
                }
                i = best + refractory;
            } else {
                i++;
            }
        }
        return peaks;
    }

    static int walk(double[] x, int from, int direction, double below, int limit) {
        int i = from;
        for (int k = 0; k < limit && i + direction > 0 && i + direction < x.length - 1; k++) {
            if (x[i] < below) {
                break;
            }
            i += direction;
        }
        return i;
    }

    static int argmax(double[] x, int from, int to) {
        int best = from;
        for (int i = from; i <= to; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
