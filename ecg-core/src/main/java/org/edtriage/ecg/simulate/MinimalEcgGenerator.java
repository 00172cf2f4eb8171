package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deliberately minimal 12-lead generator for the walking skeleton's default feed, so the stack
 * runs on a bare clone. It is NOT the physiological cohort simulator (issue 4): beats are sums of
 * Gaussian P, Q, R, S, T waves on leads I and II with the other limb leads derived from them, the
 * precordial leads from fixed templates, an optional ST shift, and white noise.
 */
public final class MinimalEcgGenerator {
    private static final double RATE_HZ = 500;
    private static final double GAIN_PER_MV = 1000;
    // wave: centre (s after R), width (s), amplitude (mV) on lead I and lead II
    private static final double[][] LIMB_WAVES = {
            {-0.20, 0.025, 0.08, 0.15},  // P
            {-0.03, 0.010, -0.05, -0.08}, // Q
            {0.00, 0.012, 0.70, 1.10},   // R
            {0.035, 0.012, -0.15, -0.25}, // S
            {0.28, 0.060, 0.20, 0.30},   // T
    };
    // amplitude of Q, R, S, T on V1..V6
    private static final double[][] PRECORDIAL = {
            {0.00, 0.25, -1.10, -0.10}, {0.00, 0.50, -1.40, 0.35}, {0.00, 0.80, -0.80, 0.45},
            {-0.05, 1.30, -0.40, 0.40}, {-0.08, 1.20, -0.20, 0.30}, {-0.08, 0.90, -0.10, 0.25},
    };

    private final Random random;

    public MinimalEcgGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param stElevationMv ST shift on the anterior leads V1–V4 (0 for none), so the feed has variety
     */
    public Ecg generate(String recordName, Instant acquiredAt, double seconds, double heartRateBpm,
                        double stElevationMv, Integer ageYears, Sex sex) {
        int n = (int) Math.round(seconds * RATE_HZ);
        double[][] mv = new double[12][n];
        double rr = 60.0 / heartRateBpm;
        for (double beat = 0.3 + random.nextDouble() * 0.2; beat < seconds + 0.5; beat += rr * (1 + 0.03 * random.nextGaussian())) {
            for (int t = Math.max(0, (int) ((beat - 0.4) * RATE_HZ)); t < Math.min(n, (int) ((beat + 0.6) * RATE_HZ)); t++) {
                double dt = t / RATE_HZ - beat;
                double i = 0, ii = 0;
                for (double[] w : LIMB_WAVES) {
                    double g = gauss(dt, w[0], w[1]);
                    i += w[2] * g;
                    ii += w[3] * g;
                }
                mv[0][t] += i;
                mv[1][t] += ii;
                double p = gauss(dt, -0.20, 0.025), q = gauss(dt, -0.03, 0.010), r = gauss(dt, 0, 0.012),
                        s = gauss(dt, 0.035, 0.012), tw = gauss(dt, 0.28, 0.06), st = plateau(dt);
                for (int v = 0; v < 6; v++) {
                    double[] a = PRECORDIAL[v];
                    double stShift = v < 4 ? stElevationMv * st : -0.3 * stElevationMv * st;
                    mv[6 + v][t] += 0.05 * p + a[0] * q + a[1] * r + a[2] * s + a[3] * tw * (1 + stElevationMv) + stShift;
                }
            }
        }
        for (int t = 0; t < n; t++) {
            double i = mv[0][t], ii = mv[1][t];
            mv[2][t] = ii - i;
            mv[3][t] = -(i + ii) / 2;
            mv[4][t] = i - ii / 2;
            mv[5][t] = ii - i / 2;
        }
        List<Lead> leads = new ArrayList<>();
        for (int l = 0; l < 12; l++) {
            int[] adc = new int[n];
            for (int t = 0; t < n; t++) {
                adc[t] = (int) Math.round((mv[l][t] + 0.015 * random.nextGaussian()) * GAIN_PER_MV);
            }
            leads.add(new Lead(LeadName.STANDARD_12.get(l), adc, GAIN_PER_MV, 0));
        }
        return new Ecg(recordName, RATE_HZ, leads, acquiredAt, ageYears, sex);
    }

    private static double gauss(double t, double centre, double width) {
        double z = (t - centre) / width;
        return Math.exp(-0.5 * z * z);
    }

    /** 1 between the end of QRS and the T wave, smooth at both ends. */
    private static double plateau(double t) {
        return 1 / (1 + Math.exp(-(t - 0.06) / 0.01)) * (1 / (1 + Math.exp((t - 0.32) / 0.03)));
    }
}
