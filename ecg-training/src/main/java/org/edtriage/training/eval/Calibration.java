package org.edtriage.training.eval;

/**
 * How well predicted probabilities match observed AMI rates: Brier score, expected calibration
 * error over equal-width bins, and the reliability curve (mean predicted vs observed per bin).
 */
public record Calibration(double brier, double expectedCalibrationError, double[] meanPredicted, double[] observed, int[] count) {

    public static Calibration of(float[] probabilities, boolean[] positive, int bins) {
        double brier = 0;
        double[] sumPredicted = new double[bins];
        double[] sumObserved = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            double y = positive[i] ? 1 : 0;
            brier += (p - y) * (p - y);
            int bin = Math.min(bins - 1, (int) (p * bins));
            sumPredicted[bin] += p;
            sumObserved[bin] += y;
            count[bin]++;
        }
        double[] meanPredicted = new double[bins];
        double[] observed = new double[bins];
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            meanPredicted[b] = count[b] == 0 ? Double.NaN : sumPredicted[b] / count[b];
            observed[b] = count[b] == 0 ? Double.NaN : sumObserved[b] / count[b];
            if (count[b] > 0) {
                ece += count[b] * Math.abs(meanPredicted[b] - observed[b]);
            }
        }
        int n = Math.max(1, probabilities.length);
        return new Calibration(brier / n, ece / n, meanPredicted, observed, count);
    }
}
