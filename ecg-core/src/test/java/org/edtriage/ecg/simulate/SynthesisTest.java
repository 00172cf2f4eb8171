package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.signal.Delineator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated signal, measured with a delineator (never by reading back the generating parameters),
 * against published normal ranges, STEMI criteria and the documented direction of each effect.
 */
class SynthesisTest {
    static final int I = 0, II = 1, III = 2, AVR = 3, AVL = 4, AVF = 5, V1 = 6, V2 = 7, V3 = 8, V4 = 9, V5 = 10, V6 = 11;

    static PatientTraits normal(PatientTraits p) {
        return p.withCondition(Condition.NONE, null);
    }

    static Delineator.Measurements measure(PatientTraits p, AcuteMi mi, Rhythm rhythm, NoiseProfile noise, Random r) {
        return Delineator.measure(EcgSynthesizer.synthesize("t", Instant.EPOCH, 10, p, mi, rhythm, Device.CART_A, noise, r).ecg());
    }

    @Test
    void intervalsAndAmplitudesFallInsidePublishedNormalRangesForAgeAndSex() {
        Random r = new Random(101);
        int n = 240, pr = 0, qrs = 0, qtc = 0, axis = 0, hr = 0, voltage = 0;
        for (int i = 0; i < n; i++) {
            int age = 20 + (i % 70);
            Sex sex = i % 2 == 0 ? Sex.MALE : Sex.FEMALE;
            Delineator.Measurements m = measure(normal(TraitsModel.draw(i, age, sex, r)), null, Rhythm.SINUS, NoiseProfile.TYPICAL, r);
            // normal limits: Mason et al. 2007 / Rijnbeek et al. 2014 (adult 2nd–98th percentiles, widened by age)
            hr += m.heartRateBpm() >= 45 && m.heartRateBpm() <= 120 ? 1 : 0;
            pr += m.prMs() >= 110 && m.prMs() <= (age < 60 ? 210 : 225) ? 1 : 0;
            qrs += m.qrsMs() >= 65 && m.qrsMs() <= 120 ? 1 : 0;
            qtc += m.qtcMs() >= 350 && m.qtcMs() <= (sex == Sex.FEMALE ? 470 : 460) ? 1 : 0;
            axis += m.axisDeg() >= -30 && m.axisDeg() <= 105 ? 1 : 0;
            double sokolow = m.rMv()[V5] - m.sMv()[V1];
            voltage += sokolow >= 0.7 && sokolow <= 4.2 ? 1 : 0;
        }
        System.out.printf("normal ranges (n=%d): HR %d, PR %d, QRS %d, QTc %d, axis %d, Sokolow voltage %d%n", n, hr, pr, qrs, qtc, axis, voltage);
        assertEquals(n, hr);
        assertTrue(pr >= 0.95 * n, "PR in range: " + pr);
        assertTrue(qrs >= 0.95 * n, "QRS in range: " + qrs);
        assertTrue(qtc >= 0.95 * n, "QTc in range: " + qtc);
        assertTrue(axis >= 0.85 * n, "axis in range: " + axis);
        assertTrue(voltage >= 0.85 * n, "SV1+RV5 in range: " + voltage);
    }

    @Test
    void stemiGradeInfarctsMeetStemiCriteriaWithReciprocalChangesAndSubtleOnesDoNot() {
        Random r = new Random(7);
        PatientTraits man = new PatientTraits(1, 62, Sex.MALE, 45, 0, 1, 1, 160, 92, 410, 72, 0.03, 105, 0.08, Condition.NONE, null);
        for (int rep = 0; rep < 5; rep++) {
            double[] st = measure(man, new AcuteMi(Territory.ANTERIOR, 0.3, AcuteMi.Stage.ACUTE), Rhythm.SINUS, NoiseProfile.TYPICAL, r).stJ60Mv();
            assertTrue(st[V2] >= 0.2 && st[V3] >= 0.2 && st[V4] >= 0.1, "anterior STEMI: V2–V4 elevation " + fmt(st));
            st = measure(man, new AcuteMi(Territory.INFERIOR, 0.3, AcuteMi.Stage.ACUTE), Rhythm.SINUS, NoiseProfile.TYPICAL, r).stJ60Mv();
            assertTrue(st[II] >= 0.1 && st[III] >= 0.1 && st[AVF] >= 0.1, "inferior STEMI: II, III, aVF elevation " + fmt(st));
            assertTrue(st[AVL] <= -0.05, "inferior STEMI: reciprocal depression in aVL " + fmt(st));
            st = measure(man, new AcuteMi(Territory.LATERAL, 0.3, AcuteMi.Stage.ACUTE), Rhythm.SINUS, NoiseProfile.TYPICAL, r).stJ60Mv();
            assertTrue(st[I] >= 0.1 && st[AVL] >= 0.1 && st[V5] >= 0.1 && st[V6] >= 0.1, "lateral STEMI " + fmt(st));
            assertTrue(st[III] <= -0.05, "lateral STEMI: reciprocal depression in III " + fmt(st));
            st = measure(man, new AcuteMi(Territory.POSTERIOR, 0.3, AcuteMi.Stage.ACUTE), Rhythm.SINUS, NoiseProfile.TYPICAL, r).stJ60Mv();
            assertTrue(st[V1] <= -0.1 && st[V2] <= -0.1 && st[V3] <= -0.1, "posterior MI: V1–V3 depression " + fmt(st));
            for (Territory t : Territory.values()) {
                st = measure(man, new AcuteMi(t, 0.06, AcuteMi.Stage.ACUTE), Rhythm.SINUS, NoiseProfile.NONE, r).stJ60Mv();
                assertTrue(!meetsStemi(st, Sex.MALE), "a subtle " + t + " infarct must stay below STEMI criteria " + fmt(st));
            }
        }
    }

    @Test
    void ageAndSexEffectsHaveTheDocumentedSign() {
        Random r = new Random(33);
        List<double[]> rows = new ArrayList<>(); // age, female, pr, qrs, axis, voltage, t, qtc, ST in V2
        for (int i = 0; i < 700; i++) {
            int age = 20 + (i % 70);
            Sex sex = (i / 70) % 2 == 0 ? Sex.MALE : Sex.FEMALE;
            Delineator.Measurements m = measure(normal(TraitsModel.draw(i, age, sex, r)), null, Rhythm.SINUS, NoiseProfile.NONE, r);
            double tAmp = 0;
            for (double t : m.tMv()) {
                tAmp = Math.max(tAmp, Math.abs(t));
            }
            rows.add(new double[]{age, sex == Sex.FEMALE ? 1 : 0, m.prMs(), m.qrsMs(), m.axisDeg(), m.rMv()[V5] - m.sMv()[V1], tAmp, m.qtcMs(), m.stJ60Mv()[V2]});
        }
        String[] names = {"", "", "PR", "QRS duration", "QRS axis", "QRS voltage", "T amplitude", "QTc", "ST in V2"};
        double[] expectedAgeSign = {0, 0, +1, +1, -1, -1, -1, +1, -1};
        for (int k = 2; k < 9; k++) {
            double slope = slope(rows, 0, k);
            System.out.printf("per decade: %s %+.2f%n", names[k], slope * 10);
            assertEquals(expectedAgeSign[k], Math.signum(slope), names[k] + " per decade " + slope * 10);
        }
        double qtcGap = meanBy(rows, 1, 7) - meanBy(rows, 0, 7);
        double voltageRatio = meanBy(rows, 1, 5) / meanBy(rows, 0, 5);
        double qrsGap = meanBy(rows, 0, 3) - meanBy(rows, 1, 3);
        double tRatio = meanBy(rows, 1, 6) / meanBy(rows, 0, 6);
        System.out.printf("women vs men: QTc %+.1f ms, QRS voltage x%.2f, QRS duration %+.1f ms (men longer), T x%.2f%n", qtcGap, voltageRatio, qrsGap, tRatio);
        assertTrue(qtcGap >= 5 && qtcGap <= 25, "women's QTc longer by 10–20 ms: " + qtcGap);
        assertTrue(voltageRatio < 0.95, "women's QRS voltage lower: " + voltageRatio);
        assertTrue(qrsGap > 2, "men's QRS longer: " + qrsGap);
        assertTrue(tRatio < 0.95, "women's T amplitude lower: " + tRatio);
    }

    @Test
    void atrialFibrillationIsIrregularAndPvcsArePremature() {
        Random r = new Random(9);
        PatientTraits p = new PatientTraits(1, 70, Sex.MALE, 40, 0, 1, 1, 170, 92, 420, 80, 0.02, 110, 0.06, Condition.NONE, null);
        double sinus = rrVariation(measure(p, null, Rhythm.SINUS, NoiseProfile.NONE, r).rPeaks());
        double af = rrVariation(measure(p, null, new Rhythm(Rhythm.Kind.ATRIAL_FIBRILLATION, 0), NoiseProfile.NONE, r).rPeaks());
        System.out.printf("RR coefficient of variation: sinus %.3f, AF %.3f%n", sinus, af);
        assertTrue(sinus < 0.06 && af > 0.12, "sinus " + sinus + " vs AF " + af);
        SimulatedEcg withPvcs = EcgSynthesizer.synthesize("p", Instant.EPOCH, 10, p, null, new Rhythm(Rhythm.Kind.SINUS, 0.3), Device.CART_A, NoiseProfile.NONE, r);
        List<Double> rr = new ArrayList<>();
        List<Double> peaks = Delineator.measure(withPvcs.ecg()).rPeaks();
        for (int i = 1; i < peaks.size(); i++) {
            rr.add(peaks.get(i) - peaks.get(i - 1));
        }
        double min = rr.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = rr.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(min < 0.7 * 0.75 && max > 1.2 * 0.75, "premature beats and compensatory pauses: RR " + min + "–" + max);
    }

    static boolean meetsStemi(double[] st, Sex sex) {
        // ≥ 0.1 mV in two contiguous leads; V2–V3 need ≥ 0.2 mV (men ≥ 40) / 0.15 mV (women)
        int[][] contiguous = {{II, III}, {III, AVF}, {II, AVF}, {I, AVL}, {V1, V2}, {V2, V3}, {V3, V4}, {V4, V5}, {V5, V6}};
        for (int[] pair : contiguous) {
            if (elevated(st, pair[0], sex) && elevated(st, pair[1], sex)) {
                return true;
            }
        }
        return false;
    }

    private static boolean elevated(double[] st, int lead, Sex sex) {
        double limit = lead == V2 || lead == V3 ? (sex == Sex.MALE ? 0.2 : 0.15) : 0.1;
        return st[lead] >= limit;
    }

    private static double rrVariation(List<Double> peaks) {
        List<Double> rr = new ArrayList<>();
        for (int i = 1; i < peaks.size(); i++) {
            rr.add(peaks.get(i) - peaks.get(i - 1));
        }
        double mean = rr.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = rr.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / rr.size();
        return Math.sqrt(var) / mean;
    }

    private static double slope(List<double[]> rows, int x, int y) {
        double mx = rows.stream().mapToDouble(r -> r[x]).average().orElseThrow();
        double my = rows.stream().filter(r -> !Double.isNaN(r[y])).mapToDouble(r -> r[y]).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (double[] r : rows) {
            if (!Double.isNaN(r[y])) {
                sxy += (r[x] - mx) * (r[y] - my);
                sxx += (r[x] - mx) * (r[x] - mx);
            }
        }
        return sxy / sxx;
    }

    private static double meanBy(List<double[]> rows, double female, int y) {
        return rows.stream().filter(r -> r[1] == female && !Double.isNaN(r[y])).mapToDouble(r -> r[y]).average().orElseThrow();
    }

    static String fmt(double[] st) {
        StringBuilder s = new StringBuilder();
        for (double v : st) {
            s.append(String.format(java.util.Locale.ROOT, "%.2f ", v));
        }
        return s.toString();
    }
}
