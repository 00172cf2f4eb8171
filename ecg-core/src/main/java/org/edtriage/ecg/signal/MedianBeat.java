package org.edtriage.ecg.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The median beat of each lead: every complete beat cut around its QRS ({@link Beats}), each shifted so its own
 * PR segment (20 ms ending 10 ms before its QRS onset) is at zero, and the sample-wise median taken over the
 * beats; beats unlike the rest (premature ventricular beats, artefacts: correlation below 0.8 with a first
 * median) are left out when enough others remain. The ST shifts of an acute infarct (~0.05–0.1 mV) are below
 * the beat-to-beat noise of one beat; the median of ten beats is not, and baseline wander between beats is gone.
 *
 * @param leads    the median beat per lead (mV against the PR segment), {@code before + after} samples each;
 *                 all zeros when fewer than two complete beats were found
 * @param fiducial the index of the QRS's steepest point within the window ({@code before})
 * @param beats    how many beats the median was taken over (0: none found)
 * @param detected every QRS found in the recording (for the rhythm's own measurements: heart rate, RR)
 */
public record MedianBeat(double samplingRateHz, float[][] leads, int fiducial, int beats, Beats detected) {
    private static final double MIN_CORRELATION = 0.8;

    /**
     * @param leadsMv the leads (millivolts, equal lengths) at {@code fs}
     * @param before  samples kept before each QRS's steepest point; {@code after} samples from it on
     */
    public static MedianBeat of(float[][] leadsMv, double fs, int before, int after) {
        int n = leadsMv[0].length;
        if (n < 3) {
            return new MedianBeat(fs, new float[leadsMv.length][before + after], before, 0,
                    new Beats(fs, new int[0], new int[0], new int[0], new double[n]));
        }
        Beats detected = Beats.detect(leadsMv, fs);
        int pr = (int) Math.round(0.03 * fs), prEnd = (int) Math.round(0.01 * fs);
        List<float[][]> cut = new ArrayList<>();
        for (int b = 0; b < detected.count(); b++) {
            int f = detected.fiducials()[b], onset = detected.onsets()[b];
            if (f - before < 0 || f + after > n || onset - pr < 0) {
                continue; // cut by the recording's start or end
            }
            float[][] beat = new float[leadsMv.length][before + after];
            for (int l = 0; l < leadsMv.length; l++) {
                float[] x = leadsMv[l];
                double baseline = 0;
                for (int i = onset - pr; i <= onset - prEnd; i++) {
                    baseline += x[i];
                }
                baseline /= (pr - prEnd + 1);
                for (int i = 0; i < before + after; i++) {
                    beat[l][i] = (float) (x[f - before + i] - baseline);
                }
            }
            cut.add(beat);
        }
        if (cut.size() < 2) {
            return new MedianBeat(fs, new float[leadsMv.length][before + after], before, 0, detected);
        }
        float[][] first = median(cut, leadsMv.length, before + after);
        List<float[][]> alike = new ArrayList<>();
        int from = Math.max(0, before - (int) (0.1 * fs)), to = Math.min(before + after, before + (int) (0.1 * fs));
        for (float[][] beat : cut) {
            if (correlation(beat, first, from, to) >= MIN_CORRELATION) {
                alike.add(beat);
            }
        }
        List<float[][]> used = alike.size() >= Math.max(2, cut.size() / 2) ? alike : cut;
        return new MedianBeat(fs, used == cut ? first : median(used, leadsMv.length, before + after), before, used.size(), detected);
    }

    private static float[][] median(List<float[][]> beats, int leads, int length) {
        float[][] out = new float[leads][length];
        float[] column = new float[beats.size()];
        int m = beats.size();
        for (int l = 0; l < leads; l++) {
            for (int i = 0; i < length; i++) {
                for (int b = 0; b < m; b++) {
                    column[b] = beats.get(b)[l][i];
                }
                Arrays.sort(column);
                out[l][i] = m % 2 == 1 ? column[m / 2] : (column[m / 2 - 1] + column[m / 2]) / 2;
            }
        }
        return out;
    }

    /** Pearson correlation of two beats over all leads in [from, to): is this beat shaped like the others? */
    private static double correlation(float[][] a, float[][] b, int from, int to) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long k = 0;
        for (int l = 0; l < a.length; l++) {
            for (int i = from; i < to; i++) {
                double x = a[l][i], y = b[l][i];
                sa += x;
                sb += y;
                saa += x * x;
                sbb += y * y;
                sab += x * y;
                k++;
            }
        }
        double cov = sab - sa * sb / k, va = saa - sa * sa / k, vb = sbb - sb * sb / k;
        return va <= 0 || vb <= 0 ? 0 : cov / Math.sqrt(va * vb);
    }
}
