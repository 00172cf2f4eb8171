package org.edtriage.ecg.signal;

/** Sums over a stretch of one lead, for the delineator's and the feature model's measurements alike. */
final class Segments {
    private Segments() {
    }

    /** The signal's area above {@code iso} from sample {@code from} to {@code to} (inclusive), in samples × mV. */
    static double area(float[] x, double iso, int from, int to) {
        double a = 0;
        for (int i = from; i <= to; i++) {
            a += x[i] - iso;
        }
        return a;
    }

    /** The mean from sample {@code from} to {@code to} (inclusive). */
    static double mean(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i <= to; i++) {
            s += x[i];
        }
        return s / (to - from + 1);
    }
}
