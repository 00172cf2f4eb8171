package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.LeadName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a cardiologist measures on the median beat, as one vector per ECG: per standard lead the ST level at the
 * J point and 20 … 120 ms after it against the PR segment, the T-wave amplitude, Q depth and width, R and S
 * amplitude; globally heart rate, PR, QRS, QTc (Bazett) and the frontal QRS axis. The input of the feature model
 * (the floor every network is compared with) and the targets of measurement pre-training. A measurement that
 * cannot be made (no P wave in atrial fibrillation, no beats) is NaN. Deterministic; not a clinical device.
 */
public final class EcgFeatures {
    /** Milliseconds after the J point where the ST level is read. */
    public static final int[] ST_OFFSETS_MS = {0, 20, 40, 60, 80, 100, 120};
    private static final List<String> PER_LEAD = perLead();
    private static final List<String> GLOBAL = List.of("hrBpm", "prMs", "qrsMs", "qtcMs", "axisDeg");
    /** The name of every feature, in vector order. */
    public static final List<String> NAMES = names();
    // from before the P wave (P onset up to 320 ms before QRS onset, itself up to 140 ms before the steepest point) to
    // after the T wave; the P and T searches are bounded by the heart rate, so at speed the neighbours' waves in the
    // window are never taken for this beat's
    private static final double BEFORE_S = 0.5, AFTER_S = 0.6;
    private static final List<String> INDEPENDENT = List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6");

    private EcgFeatures() {
    }

    public static int size() {
        return NAMES.size();
    }

    /** The features of an ECG at its own rate. */
    public static float[] of(Ecg ecg) {
        return of(LeadSet.millivolts(ecg, LeadName.STANDARD_12), ecg.samplingRateHz());
    }

    /** The features of the 12 standard leads ({@link LeadName#STANDARD_12} order, millivolts) at {@code fs}. */
    public static float[] of(float[][] standard12, double fs) {
        if (standard12.length != 12) {
            throw new IllegalArgumentException("features need the 12 standard leads, got " + standard12.length);
        }
        float[] out = new float[size()];
        java.util.Arrays.fill(out, Float.NaN);
        int before = (int) Math.round(BEFORE_S * fs), after = (int) Math.round(AFTER_S * fs);
        MedianBeat median = MedianBeat.of(standard12, fs, before, after);
        if (median.beats() == 0) {
            return out;
        }
        float[][] m = median.leads();
        int len = before + after;
        float[][] band = Beats.lowPassed(m, fs);
        double[] slope = Beats.smooth(Beats.slope(band, fs), (int) Math.max(1, 0.01 * fs));
        int peak = Beats.argmax(slope, Math.max(1, before - ms(20, fs)), Math.min(len - 2, before + ms(20, fs)));
        int onset = Beats.walk(slope, peak, -1, 0.1 * slope[peak], ms(120, fs));
        int j = Beats.walk(slope, peak, +1, 0.1 * slope[peak], ms(120, fs));
        int isoFrom = Math.max(0, onset - ms(30, fs)), isoTo = Math.max(isoFrom, onset - ms(10, fs));
        double[] iso = new double[12];
        for (int l = 0; l < 12; l++) {
            iso[l] = Segments.mean(m[l], isoFrom, isoTo);
        }
        double[] mag = magnitude(m, iso);
        double rr = median.detected().medianRrSeconds();
        int tFrom = Math.min(len - 1, j + ms(80, fs));
        // Delineator's bound: the T wave ends by 0.48·√RR + 50 ms after QRS onset (Bazett at a long QTc, 480 ms)
        int tTo = Math.min(len - 2, Double.isNaN(rr) ? len - 2 : onset + (int) Math.round((0.48 * Math.sqrt(rr) + 0.05) * fs));
        int tPeak = tFrom < tTo ? Beats.argmax(mag, tFrom, tTo) : -1;
        int k = 0;
        for (int l = 0; l < 12; l++) {
            float[] x = m[l];
            for (int offset : ST_OFFSETS_MS) {
                int at = j + ms(offset, fs);
                out[k++] = at < len ? (float) (x[at] - iso[l]) : Float.NaN;
            }
            out[k++] = tPeak < 0 ? Float.NaN : (float) (x[tPeak] - iso[l]);
            int rAt = onset;
            for (int i = onset; i <= j; i++) {
                if (x[i] > x[rAt]) {
                    rAt = i;
                }
            }
            double q = 0;
            int qAt = onset;
            for (int i = onset; i <= rAt; i++) {
                if (x[i] - iso[l] < q) {
                    q = x[i] - iso[l];
                    qAt = i;
                }
            }
            int qEnd = qAt;
            while (q < -0.05 && qEnd < rAt && x[qEnd] - iso[l] < 0) {
                qEnd++;
            }
            double s = 0;
            for (int i = rAt; i <= j; i++) {
                s = Math.min(s, x[i] - iso[l]);
            }
            out[k++] = (float) q;
            out[k++] = q < -0.05 ? (float) ((qEnd - onset) * 1000 / fs) : 0f;
            out[k++] = (float) Math.max(0, x[rAt] - iso[l]);
            out[k++] = (float) s;
        }
        out[k++] = (float) (60 / rr);
        out[k++] = (float) pr(mag, onset, rr, fs);
        out[k++] = (float) ((j - onset) * 1000 / fs);
        double qt = tPeak < 0 ? Double.NaN : qt(mag, onset, tPeak, tTo, fs);
        out[k++] = (float) (qt / Math.sqrt(rr));
        int lI = LeadName.STANDARD_12.indexOf("I"), lAvf = LeadName.STANDARD_12.indexOf("aVF");
        out[k] = (float) Math.toDegrees(Math.atan2(Segments.area(m[lAvf], iso[lAvf], onset, j), Segments.area(m[lI], iso[lI], onset, j)));
        return out;
    }

    /**
     * P onset: the largest spatial deviation 50–320 ms before QRS onset — but not before the previous beat's T wave has
     * ended (about 60 % of an RR interval after its QRS) — walked back to 15 % of it.
     */
    private static double pr(double[] mag, int onset, double rr, double fs) {
        int from = onset - ms(320, fs), to = onset - ms(50, fs);
        if (!Double.isNaN(rr)) {
            from = Math.max(from, onset - (int) Math.round(0.4 * rr * fs));
        }
        if (from < 1 || to <= from) {
            return Double.NaN;
        }
        int p = Beats.argmax(mag, from, to);
        if (mag[p] < 0.04) {
            return Double.NaN; // no P wave (atrial fibrillation, or too small to time)
        }
        int pOnset = p;
        while (pOnset > from && mag[pOnset] > 0.15 * mag[p] && !(mag[pOnset - 1] > mag[pOnset] && mag[pOnset] < 0.5 * mag[p])) {
            pOnset--;
        }
        return (onset - pOnset) * 1000 / fs;
    }

    /** QT: QRS onset to the T end, where the tangent at the T wave's steepest descent (before {@code limit}) meets the baseline. */
    private static double qt(double[] mag, int onset, int tPeak, int limit, double fs) {
        int steepest = tPeak;
        double steepestSlope = 0;
        for (int i = tPeak; i < Math.min(limit + 1, tPeak + ms(200, fs)); i++) {
            double d = mag[i + 1] - mag[i];
            if (d < steepestSlope) {
                steepestSlope = d;
                steepest = i;
            }
        }
        return steepestSlope < 0 ? (steepest + mag[steepest] / -steepestSlope - onset) * 1000 / fs : Double.NaN;
    }

    private static double[] magnitude(float[][] m, double[] iso) {
        double[] mag = new double[m[0].length];
        for (String name : INDEPENDENT) {
            int l = LeadName.STANDARD_12.indexOf(name);
            for (int i = 0; i < mag.length; i++) {
                double v = m[l][i] - iso[l];
                mag[i] += v * v;
            }
        }
        for (int i = 0; i < mag.length; i++) {
            mag[i] = Math.sqrt(mag[i]);
        }
        return mag;
    }

    private static int ms(double milliseconds, double fs) {
        return (int) Math.round(milliseconds * fs / 1000);
    }

    private static List<String> perLead() {
        List<String> names = new ArrayList<>();
        for (int offset : ST_OFFSETS_MS) {
            names.add("st" + offset);
        }
        names.addAll(List.of("t", "qDepth", "qWidthMs", "r", "s"));
        return Collections.unmodifiableList(names);
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String lead : LeadName.STANDARD_12) {
            for (String m : PER_LEAD) {
                names.add(lead + "." + m);
            }
        }
        names.addAll(GLOBAL);
        return List.copyOf(names);
    }
}
