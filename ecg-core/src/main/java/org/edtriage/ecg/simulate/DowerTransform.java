package org.edtriage.ecg.simulate;

/**
 * Projects the cardiac dipole (Frank X, Y, Z) onto the eight independent leads of the standard
 * 12-lead ECG with the Dower matrix (Dower 1980; Edenbrandt & Pahlm 1988 give its inverse, used to
 * derive a VCG from a 12-lead ECG — we go the other way). The four remaining limb leads follow from
 * Einthoven and Goldberger, as an electrocardiograph derives them, so the 12 leads are consistent.
 */
public final class DowerTransform {
    /** Rows: I, II, V1, V2, V3, V4, V5, V6; columns: X, Y, Z. */
    static final double[][] MATRIX = {
            {0.632, -0.235, 0.059},
            {0.235, 1.066, -0.132},
            {-0.515, 0.157, -0.917},
            {0.044, 0.164, -1.387},
            {0.882, 0.098, -1.277},
            {1.213, 0.127, -0.601},
            {1.125, 0.127, -0.086},
            {0.831, 0.076, 0.230},
    };

    private DowerTransform() {
    }

    /** Lead order of the result: I, II, III, aVR, aVL, aVF, V1–V6 (mV). */
    public static double[] project(Vec3 v) {
        double[] out = new double[12];
        double i = dot(0, v), ii = dot(1, v);
        out[0] = i;
        out[1] = ii;
        out[2] = ii - i;
        out[3] = -(i + ii) / 2;
        out[4] = i - ii / 2;
        out[5] = ii - i / 2;
        for (int k = 0; k < 6; k++) {
            out[6 + k] = dot(2 + k, v);
        }
        return out;
    }

    /** Projects whole X, Y, Z traces into {@code leads[12][n]}. */
    public static void project(double[] x, double[] y, double[] z, double[][] leads) {
        double[][] m = MATRIX;
        for (int t = 0; t < x.length; t++) {
            double i = m[0][0] * x[t] + m[0][1] * y[t] + m[0][2] * z[t];
            double ii = m[1][0] * x[t] + m[1][1] * y[t] + m[1][2] * z[t];
            leads[0][t] = i;
            leads[1][t] = ii;
            leads[2][t] = ii - i;
            leads[3][t] = -(i + ii) / 2;
            leads[4][t] = i - ii / 2;
            leads[5][t] = ii - i / 2;
            for (int k = 0; k < 6; k++) {
                double[] r = m[2 + k];
                leads[6 + k][t] = r[0] * x[t] + r[1] * y[t] + r[2] * z[t];
            }
        }
    }

    /**
     * A frontal-plane Frank direction (unit, z = 0) whose projection onto I and aVF points at the given
     * hexaxial angle, so the QRS axis measured from the ECG is the axis asked for (the Dower weights
     * of X and Y differ, so the Frank angle itself is not the ECG axis).
     */
    public static Vec3 frankForAxis(double degrees) {
        double a = Math.toRadians(degrees);
        double ci = Math.cos(a), sf = Math.sin(a);
        // I = m00 X + m01 Y;  aVF = II − I/2 = (m10 − m00/2) X + (m11 − m01/2) Y
        double p = MATRIX[0][0], q = MATRIX[0][1];
        double r = MATRIX[1][0] - MATRIX[0][0] / 2, s = MATRIX[1][1] - MATRIX[0][1] / 2;
        double det = p * s - q * r;
        double x = (ci * s - q * sf) / det, y = (p * sf - r * ci) / det;
        return new Vec3(x, y, 0).unit();
    }

    private static double dot(int row, Vec3 v) {
        double[] r = MATRIX[row];
        return r[0] * v.x() + r[1] * v.y() + r[2] * v.z();
    }
}
