package org.edtriage.ecg.simulate;

import java.util.List;

/** A plain L2-regularised logistic regression on standardised features: the "simple classifier" of the simulator tests. */
final class LogisticRegression {
    private final double[] mean, sd, w;
    private final double b;

    private LogisticRegression(double[] mean, double[] sd, double[] w, double b) {
        this.mean = mean;
        this.sd = sd;
        this.w = w;
        this.b = b;
    }

    static LogisticRegression fit(List<double[]> x, List<Integer> y, int epochs, double rate, double l2) {
        int d = x.get(0).length, n = x.size();
        double[] mean = new double[d], sd = new double[d];
        for (double[] row : x) for (int k = 0; k < d; k++) mean[k] += row[k] / n;
        for (double[] row : x) for (int k = 0; k < d; k++) sd[k] += (row[k] - mean[k]) * (row[k] - mean[k]) / n;
        for (int k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]) + 1e-9;
        double[] w = new double[d];
        double b = 0;
        for (int e = 0; e < epochs; e++) {
            double[] g = new double[d];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(b + dot(w, x.get(i), mean, sd));
                double err = p - y.get(i);
                for (int k = 0; k < d; k++) g[k] += err * (x.get(i)[k] - mean[k]) / sd[k] / n;
                gb += err / n;
            }
            for (int k = 0; k < d; k++) w[k] -= rate * (g[k] + l2 * w[k]);
            b -= rate * gb;
        }
        return new LogisticRegression(mean, sd, w, b);
    }

    double predict(double[] f) {
        return sigmoid(b + dot(w, f, mean, sd));
    }

    private static double dot(double[] w, double[] f, double[] mean, double[] sd) {
        double s = 0;
        for (int k = 0; k < w.length; k++) s += w[k] * (f[k] - mean[k]) / sd[k];
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
