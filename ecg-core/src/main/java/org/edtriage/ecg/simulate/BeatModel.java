package org.edtriage.ecg.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * The waves of one beat for a patient, a condition and an optional acute MI. Directions are in
 * Frank space (x left, y down, z back); leads come later from the Dower projection, so every ST
 * change appears with its reciprocal change automatically.
 */
public final class BeatModel {
    private BeatModel() {
    }

    /** Direction of the normal anterior ST elevation (forward, slightly left and down) and its unit projection on V2. */
    private static final Vec3 ANTERIOR_ST = new Vec3(0.2, 0.15, -1).unit();
    private static final double ANTERIOR_ST_IN_V2 = DowerTransform.project(ANTERIOR_ST)[7]
            * Math.exp(-0.5 * Math.pow(0.03 / 0.05, 2)); // the Gaussian's value at the J point, 30 ms before its peak

    /** Seconds from QRS onset to the R peak, as a fraction of QRS duration. */
    static final double R_FRACTION = 0.45;

    /** The QRS duration after conditions that widen it. */
    public static double qrsSeconds(PatientTraits p) {
        double qrs = p.qrsMs() / 1000;
        return switch (p.condition()) {
            case RBBB -> Math.max(qrs + 0.035, 0.125);
            case LBBB -> Math.max(qrs + 0.055, 0.145);
            default -> qrs;
        };
    }

    /** QT for this RR (Bazett: QT = QTc·√RR), in seconds. */
    public static double qtSeconds(PatientTraits p, double rr) {
        return p.qtcMs() / 1000 * Math.sqrt(rr);
    }

    public static List<Wave> sinusBeat(PatientTraits p, AcuteMi mi, double rr, boolean withP) {
        List<Wave> w = new ArrayList<>();
        double qrs = qrsSeconds(p);
        double onset = -R_FRACTION * qrs;
        double j = onset + qrs;
        Vec3 main = DowerTransform.frankForAxis(p.axisDeg()).plus(new Vec3(0, 0, 0.42 + p.horizontalDeg() / 60)).unit();
        double q = p.qrsScale();

        if (withP) {
            double pr = p.prMs() / 1000;
            Vec3 pVec = Vec3.frontal(55).plus(new Vec3(0, 0, -0.15)).unit().times(0.16);
            // a Gaussian is visible for about ±2.38 σ: σ from the P duration, centred so that PR (P onset to QRS onset) holds
            double sigmaP = p.pDurationMs() / 1000 / 4.76;
            w.add(new Wave("P", pVec, onset - pr + 2.38 * sigmaP, sigmaP));
        }
        switch (p.condition()) {
            case LBBB -> {
                // septum activated right-to-left: no septal q; broad notched R towards left and back
                Vec3 r = new Vec3(0.95, 0.15, 0.6).unit().times(1.15 * q);
                w.add(new Wave("R1", r, onset + 0.33 * qrs, 0.12 * qrs));
                w.add(new Wave("R2", r.times(1.05), onset + 0.68 * qrs, 0.12 * qrs));
            }
            default -> {
                w.add(new Wave("Q", new Vec3(-0.35, -0.05, -0.55).times(0.2 * q), onset + 0.15 * qrs, 0.09 * qrs));
                double rGain = p.condition() == Condition.LVH ? 1.9 : 1.0;
                Vec3 r = main.times(1.35 * q * rGain);
                if (p.condition() == Condition.LVH) {
                    r = r.plus(new Vec3(0.1, 0, 0.55).times(0.7 * q)); // posterior forces: deep S in V1–V2
                }
                w.add(new Wave("R", r, 0, 0.15 * qrs));
                w.add(new Wave("S", new Vec3(-0.3, -0.55, 0.35).times(0.45 * q), onset + 0.76 * qrs, 0.1 * qrs));
            }
        }
        if (p.condition() == Condition.RBBB) {
            // late right-ventricular activation towards right and front: R' in V1, broad S in I and V6
            w.add(new Wave("R'", new Vec3(-0.6, 0.05, -0.8).unit().times(0.75 * q), onset + 0.82 * qrs, 0.075 * qrs));
        }
        if (p.condition() == Condition.OLD_MI && p.oldMiTerritory() != null) {
            w.add(new Wave("Qpath", p.oldMiTerritory().direction().times(-0.45 * q), onset + 0.22 * qrs, 0.016));
        }

        // repolarisation
        double qt = qtSeconds(p, rr);
        double sigmaT = 0.047 * Math.sqrt(rr);
        // T end by the tangent method lies ~1.9 σ after the composite T peak: place the peak so QT comes out as set
        double tPeak = onset + qt - 1.9 * sigmaT;
        Vec3 tDir = DowerTransform.frankForAxis(p.axisDeg() * 0.75 + 8).plus(new Vec3(0, 0, -0.3)).unit();
        double tAmp = 0.36 * p.tScale();
        switch (p.condition()) {
            case LVH -> {
                w.add(new Wave("ST", main.times(-0.09), j + 0.08, 0.06));
                tDir = main.times(-1).plus(new Vec3(0, 0.3, -0.2)).unit(); // strain: lateral T inversion
                tAmp = 0.26;
            }
            case LBBB -> {
                Vec3 discordant = new Vec3(0.95, 0.15, 0.6).unit().times(-1);
                w.add(new Wave("ST", discordant.times(0.16), j + 0.08, 0.07));
                tDir = discordant;
                tAmp = 0.34;
            }
            case RBBB -> w.add(new Wave("T2", new Vec3(0.6, 0, 0.8).times(0.12), tPeak - 0.04, sigmaT));
            case EARLY_REPOLARISATION -> {
                Vec3 er = new Vec3(0.45, 0.45, -0.75).unit();
                w.add(new Wave("J", er.times(0.09), j + 0.004, 0.008));
                w.add(new Wave("ST", er.times(0.13), j + 0.075, 0.06));
                tAmp *= 1.2;
            }
            case OLD_MI -> {
                if (p.oldMiTerritory() != null) {
                    w.add(new Wave("Tscar", p.oldMiTerritory().direction().times(-0.08), tPeak, sigmaT));
                }
            }
            default -> {
            }
        }
        if (p.condition() != Condition.LVH && p.condition() != Condition.LBBB && p.condition() != Condition.EARLY_REPOLARISATION
                && p.anteriorStMv() > 0) {
            // the normal anterior J/ST elevation: a forward-pointing ST vector scaled so V2 shows the trait at the J point
            w.add(new Wave("STnormal", ANTERIOR_ST.times(p.anteriorStMv() / ANTERIOR_ST_IN_V2), j + 0.03, 0.05));
        }
        // asymmetric T: a broad ascending limb and a steeper descent
        w.add(new Wave("T", tDir.times(tAmp * 0.75), tPeak - 0.35 * sigmaT, 1.15 * sigmaT));
        w.add(new Wave("T'", tDir.times(tAmp * 0.35), tPeak + 0.45 * sigmaT, 0.6 * sigmaT));

        if (mi != null) {
            addInfarct(w, mi, onset, qrs, j, tPeak, sigmaT);
        }
        return w;
    }

    private static void addInfarct(List<Wave> w, AcuteMi mi, double onset, double qrs, double j, double tPeak, double sigmaT) {
        Vec3 dir = mi.territory().direction();
        // scale so the lead facing the injury most directly shows stMv at the ST peak
        double facing = 0;
        for (double v : DowerTransform.project(dir)) {
            facing = Math.max(facing, Math.abs(v));
        }
        Vec3 injury = dir.times(mi.stMv() / facing);
        double st = switch (mi.stage()) {
            case HYPERACUTE -> 0.35;
            case ACUTE -> 1.0;
            case EVOLVING -> 0.55;
        };
        w.add(new Wave("STinjury", injury.times(st), j + 0.085, 0.075));
        switch (mi.stage()) {
            case HYPERACUTE -> w.add(new Wave("Thyper", dir.unit().times(0.25 + Math.abs(mi.stMv())), tPeak, 1.2 * sigmaT));
            case ACUTE -> w.add(new Wave("Tinjury", injury.times(0.6), tPeak - 0.02, sigmaT));
            case EVOLVING -> {
                w.add(new Wave("Qnew", dir.times(-0.4), onset + 0.2 * qrs, 0.015));
                w.add(new Wave("Tinv", dir.times(-0.3), tPeak, sigmaT));
            }
        }
    }

    /** A premature ventricular beat: no P, a wide QRS along an abnormal direction, T opposite. */
    public static List<Wave> pvcBeat(Vec3 focusDirection) {
        List<Wave> w = new ArrayList<>();
        w.add(new Wave("Rpvc", focusDirection.times(1.6), 0, 0.032));
        w.add(new Wave("Spvc", focusDirection.times(-0.4), 0.05, 0.02));
        w.add(new Wave("Tpvc", focusDirection.times(-0.45), 0.3, 0.07));
        return w;
    }
}
