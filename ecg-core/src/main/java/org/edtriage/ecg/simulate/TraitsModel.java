package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;

import java.util.Random;

/**
 * Draws a patient's persistent ECG traits from age and sex, with the documented effect sizes (see
 * the module README's table and sources), and varies them slightly from visit to visit.
 */
public final class TraitsModel {
    private TraitsModel() {
    }

    /** Mean PR (ms): lengthens ~0.45 ms/year; men ~4 ms longer. */
    public static double meanPrMs(int age, Sex sex) {
        return 150 + 0.45 * (age - 40) + (sex == Sex.MALE ? 4 : 0);
    }

    /** Mean QRS duration (ms): men ~7 ms longer; +1 ms per decade. */
    public static double meanQrsMs(int age, Sex sex) {
        return (sex == Sex.MALE ? 92 : 85) + 0.1 * (age - 40);
    }

    /** Mean frontal QRS axis (°): shifts left ~0.5°/year from +60° at age 20. */
    public static double meanAxisDeg(int age) {
        return 60 - 0.5 * (age - 20);
    }

    /** QRS amplitude factor: women ~15 % lower; −0.6 %/year from age 40 (Sokolow–Lyon ~3.0 mV in the 20s, ~2.3 in the 60s). */
    public static double meanQrsScale(int age, Sex sex) {
        return (sex == Sex.FEMALE ? 0.85 : 1.0) * (1 - 0.006 * (age - 40));
    }

    /** T amplitude factor: women ~18 % lower; −0.6 %/year from age 40 (precordial T flattens by a quarter from 20 to 70). */
    public static double meanTScale(int age, Sex sex) {
        return (sex == Sex.FEMALE ? 0.82 : 1.0) * (1 - 0.006 * (age - 40));
    }

    /** Mean P duration (ms): ~98 ms in the 20s, ~110 ms past 70. */
    public static double meanPDurationMs(int age) {
        return 103 + 0.25 * (age - 40);
    }

    /**
     * Mean ST elevation at the J point in V2 (mV): in young men ~0.2 mV (the "male pattern", Macfarlane;
     * Rijnbeek 2014), fading to ~0.07 by 65; in women ~0.07 with little change.
     */
    public static double meanAnteriorStMv(int age, Sex sex) {
        return sex == Sex.MALE ? Math.max(0.05, 0.2 - 0.003 * (age - 20)) : Math.max(0.03, 0.08 - 0.0006 * (age - 20));
    }

    /** Mean QTc (Bazett, ms): women +13 ms; +2.5 ms per decade. */
    public static double meanQtcMs(int age, Sex sex) {
        return (sex == Sex.FEMALE ? 418 : 405) + 0.25 * (age - 40);
    }

    public static PatientTraits draw(long patientNumber, int age, Sex sex, Random r) {
        Condition condition = condition(age, sex, r);
        Territory scar = condition == Condition.OLD_MI ? Territory.values()[r.nextInt(3)] : null;
        return new PatientTraits(patientNumber, age, sex,
                meanAxisDeg(age) + 22 * r.nextGaussian(),
                15 * r.nextGaussian(),
                meanQrsScale(age, sex) * Math.exp(0.18 * r.nextGaussian()),
                meanTScale(age, sex) * Math.exp(0.2 * r.nextGaussian()),
                clamp(meanPrMs(age, sex) + 16 * r.nextGaussian(), 100, 260),
                clamp(meanQrsMs(age, sex) + 8 * r.nextGaussian(), 70, 118),
                clamp(meanQtcMs(age, sex) + 14 * r.nextGaussian(), 360, 480),
                clamp(74 + 11 * r.nextGaussian(), 48, 115),
                clamp(0.045 - 0.0004 * (age - 20), 0.01, 0.06),
                clamp(meanPDurationMs(age) + 10 * r.nextGaussian(), 70, 140),
                Math.max(0, meanAnteriorStMv(age, sex) + (sex == Sex.MALE ? 0.05 : 0.03) * r.nextGaussian()),
                condition, scar);
    }

    /** The same patient at another visit: same heart, different day (rate, small amplitude and interval drift). */
    public static PatientTraits atVisit(PatientTraits p, int ageAtVisit, Random r) {
        return new PatientTraits(p.patientNumber(), ageAtVisit, p.sex(), p.axisDeg() + 3 * r.nextGaussian(),
                p.horizontalDeg() + 3 * r.nextGaussian(), p.qrsScale() * Math.exp(0.05 * r.nextGaussian()),
                p.tScale() * Math.exp(0.06 * r.nextGaussian()), p.prMs() + 4 * r.nextGaussian(), p.qrsMs() + 2 * r.nextGaussian(),
                p.qtcMs() + 5 * r.nextGaussian(), clamp(p.heartRateBpm() + 8 * r.nextGaussian(), 45, 140), p.hrvFraction(),
                p.pDurationMs() + 2 * r.nextGaussian(), Math.max(0, p.anteriorStMv() + 0.01 * r.nextGaussian()),
                p.condition(), p.oldMiTerritory());
    }

    /** Chronic findings, more common with age (and in men for old MI and early repolarisation in the young). */
    static Condition condition(int age, Sex sex, Random r) {
        double u = r.nextDouble();
        double older = Math.max(0, age - 40) / 40.0; // 0 at 40, 1 at 80
        double lvh = 0.02 + 0.05 * older, rbbb = 0.015 + 0.03 * older, lbbb = 0.005 + 0.02 * older;
        double oldMi = (sex == Sex.MALE ? 0.02 : 0.01) + 0.05 * older;
        double er = age < 45 ? (sex == Sex.MALE ? 0.06 : 0.02) : 0.01;
        if ((u -= lvh) < 0) return Condition.LVH;
        if ((u -= rbbb) < 0) return Condition.RBBB;
        if ((u -= lbbb) < 0) return Condition.LBBB;
        if ((u -= oldMi) < 0) return Condition.OLD_MI;
        if ((u -= er) < 0) return Condition.EARLY_REPOLARISATION;
        return Condition.NONE;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
