package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.LeadName;

import java.util.ArrayList;
import java.util.List;

/**
 * A simple multi-lead delineator: QRS complexes ({@link Beats}) from the summed absolute slope of the eight
 * independent leads, QRS on/offset where that slope falls to a fraction of its peak, P onset and
 * T end from the spatial magnitude against the PR-segment baseline (T end by the tangent method),
 * and per-lead amplitudes and ST levels at J+60 ms. Median over beats. Good enough to check a
 * simulator against published normal ranges and to build baseline features; not a clinical device.
 */
public final class Delineator {
    private static final List<String> INDEPENDENT = List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6");

    private Delineator() {
    }

    /**
     * Median measurements. Amplitudes and ST levels are indexed like {@link LeadName#STANDARD_12}.
     *
     * @param rPeaks  detected beats (s)
     * @param stJ60Mv ST level 60 ms after the J point, relative to the PR segment, per lead
     * @param rMv     largest positive QRS deflection per lead; {@code sMv} the largest negative (as a negative number)
     * @param tMv     T-wave peak (signed, largest absolute deviation) per lead
     */
    public record Measurements(double heartRateBpm, double prMs, double qrsMs, double qtMs, double qtcMs, double axisDeg,
                               double[] stJ60Mv, double[] rMv, double[] sMv, double[] tMv, List<Double> rPeaks) {
    }

    public static Measurements measure(Ecg ecg) {
        double fs = ecg.samplingRateHz();
        float[][] leads = Beats.lowPassed(LeadSet.millivolts(ecg, LeadName.STANDARD_12), fs);
        int n = leads[0].length;
        float[][] independent = new float[INDEPENDENT.size()][];
        for (int k = 0; k < INDEPENDENT.size(); k++) {
            independent[k] = leads[LeadName.STANDARD_12.indexOf(INDEPENDENT.get(k))];
        }
        Beats beats = Beats.detectBandLimited(independent, fs);
        double[] slope = beats.slope();
        List<Integer> peaks = new ArrayList<>();
        for (int p : beats.fiducials()) {
            peaks.add(p);
        }
        List<Double> pr = new ArrayList<>(), qrs = new ArrayList<>(), qt = new ArrayList<>(), rr = new ArrayList<>(), axis = new ArrayList<>();
        List<double[]> st = new ArrayList<>(), r = new ArrayList<>(), s = new ArrayList<>(), t = new ArrayList<>();
        for (int b = 1; b < peaks.size() - 1; b++) {
            int peak = peaks.get(b);
            double rrSec = (peaks.get(b + 1) - peak) / fs;
            int onset = beats.onsets()[b];
            int offset = beats.offsets()[b];
            int isoFrom = onset - (int) (0.03 * fs), isoTo = onset - (int) (0.01 * fs);
            if (isoFrom < 0 || offset + (int) (0.6 * fs) >= n) {
                continue;
            }
            double[] iso = new double[12];
            for (int l = 0; l < 12; l++) {
                iso[l] = Segments.mean(leads[l], isoFrom, isoTo);
            }
            double[] mag = magnitude(leads, iso);
            // P: largest spatial deviation 50–300 ms before QRS onset; onset where it falls below 25 % of that
            int pFrom = onset - (int) (0.32 * fs), pTo = onset - (int) (0.05 * fs);
            if (pFrom > 0) {
                int pPeak = Beats.argmax(mag, pFrom, pTo);
                if (mag[pPeak] > 0.04) {
                    int pOnset = pPeak;
                    // back to 15 % of the P peak, or to the trough between the previous T and this P
                    while (pOnset > pFrom && mag[pOnset] > 0.15 * mag[pPeak]
                            && !(mag[pOnset - 1] > mag[pOnset] && mag[pOnset] < 0.5 * mag[pPeak])) {
                        pOnset--;
                    }
                    pr.add((onset - pOnset) * 1000 / fs);
                }
            }
            qrs.add((offset - onset) * 1000 / fs);
            // T: peak of the spatial magnitude after the ST segment; end by the tangent from its steepest descent
            int tFrom = offset + (int) (0.1 * fs);
            int tTo = Math.min(n - 1, onset + (int) ((0.48 * Math.sqrt(rrSec) + 0.05) * fs));
            if (tTo > tFrom + 5) {
                int tPeak = Beats.argmax(mag, tFrom, tTo);
                int steepest = tPeak;
                double steepestSlope = 0;
                for (int i = tPeak; i < Math.min(n - 1, tPeak + (int) (0.2 * fs)); i++) {
                    double d = mag[i + 1] - mag[i];
                    if (d < steepestSlope) {
                        steepestSlope = d;
                        steepest = i;
                    }
                }
                if (steepestSlope < 0) {
                    double tEnd = steepest + mag[steepest] / -steepestSlope; // where the tangent meets the baseline
                    qt.add((tEnd - onset) * 1000 / fs);
                    rr.add(rrSec);
                }
                double[] tAmp = new double[12];
                for (int l = 0; l < 12; l++) {
                    tAmp[l] = leads[l][tPeak] - iso[l];
                }
                t.add(tAmp);
            }
            double[] stLevel = new double[12], rAmp = new double[12], sAmp = new double[12];
            int j60 = offset + (int) (0.06 * fs);
            for (int l = 0; l < 12; l++) {
                stLevel[l] = leads[l][j60] - iso[l];
                double max = 0, min = 0;
                for (int i = onset; i <= offset; i++) {
                    max = Math.max(max, leads[l][i] - iso[l]);
                    min = Math.min(min, leads[l][i] - iso[l]);
                }
                rAmp[l] = max;
                sAmp[l] = min;
            }
            st.add(stLevel);
            r.add(rAmp);
            s.add(sAmp);
            // frontal axis from the net QRS area in I and aVF
            double areaI = Segments.area(leads[0], iso[0], onset, offset), areaAvf = Segments.area(leads[5], iso[5], onset, offset);
            axis.add(Math.toDegrees(Math.atan2(areaAvf, areaI)));
        }
        double medianRr = peaks.size() > 1 ? median(diffs(peaks, fs)) : Double.NaN;
        double qtMedian = median(qt);
        double qtcMedian = Double.NaN;
        if (!qt.isEmpty()) {
            List<Double> qtc = new ArrayList<>();
            for (int i = 0; i < qt.size(); i++) {
                qtc.add(qt.get(i) / Math.sqrt(rr.get(i)));
            }
            qtcMedian = median(qtc);
        }
        List<Double> rPeaks = new ArrayList<>();
        for (int p : peaks) {
            rPeaks.add(p / fs);
        }
        return new Measurements(60 / medianRr, median(pr), median(qrs), qtMedian, qtcMedian, median(axis),
                medianPerLead(st), medianPerLead(r), medianPerLead(s), medianPerLead(t), rPeaks);
    }

    private static double[] magnitude(float[][] leads, double[] iso) {
        int n = leads[0].length;
        double[] m = new double[n];
        for (String name : INDEPENDENT) {
            int l = LeadName.STANDARD_12.indexOf(name);
            for (int i = 0; i < n; i++) {
                double v = leads[l][i] - iso[l];
                m[i] += v * v;
            }
        }
        for (int i = 0; i < n; i++) {
            m[i] = Math.sqrt(m[i]);
        }
        return m;
    }

    private static List<Double> diffs(List<Integer> peaks, double fs) {
        List<Double> d = new ArrayList<>();
        for (int i = 1; i < peaks.size(); i++) {
            d.add((peaks.get(i) - peaks.get(i - 1)) / fs);
        }
        return d;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double[] medianPerLead(List<double[]> perBeat) {
        double[] out = new double[12];
        for (int l = 0; l < 12; l++) {
            List<Double> values = new ArrayList<>();
            for (double[] beat : perBeat) {
                values.add(beat[l]);
            }
            out[l] = median(values);
        }
        return out;
    }
}
