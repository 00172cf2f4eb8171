package org.edtriage.ecg.signal;

/**
 * Band-limited resampling: a Kaiser-windowed sinc whose cutoff is the lower of the two Nyquist
 * frequencies, so downsampling filters before it decimates (plain decimation folds mains hum and EMG
 * into the ECG band, as the tl-ecg code did).
 */
public final class Resampler {
    private static final int HALF_TAPS_AT_UNITY = 16;
    private static final double KAISER_BETA = 8.0;

    private Resampler() {
    }

    public static float[] resample(float[] x, double fromHz, double toHz) {
        if (fromHz == toHz) {
            return x.clone();
        }
        int outLength = (int) Math.round(x.length * toHz / fromHz);
        float[] y = new float[outLength];
        double ratio = toHz / fromHz;
        // cutoff relative to the input rate; widen the kernel when it narrows in frequency
        double cutoff = Math.min(1.0, ratio) * 0.5 * 0.95;
        int half = (int) Math.ceil(HALF_TAPS_AT_UNITY / Math.min(1.0, ratio));
        double i0Beta = besselI0(KAISER_BETA);
        for (int j = 0; j < outLength; j++) {
            double t = j / ratio; // position in input samples
            int centre = (int) Math.floor(t);
            double acc = 0;
            double norm = 0;
            for (int k = centre - half + 1; k <= centre + half; k++) {
                double d = t - k;
                double w = kaiser(d / half, i0Beta) * 2 * cutoff * sinc(2 * cutoff * d);
                int idx = Math.min(Math.max(k, 0), x.length - 1); // edges: hold the end value
                acc += w * x[idx];
                norm += w;
            }
            y[j] = (float) (norm != 0 ? acc / norm : 0);
        }
        return y;
    }

    private static double sinc(double v) {
        return v == 0 ? 1 : Math.sin(Math.PI * v) / (Math.PI * v);
    }

    private static double kaiser(double r, double i0Beta) {
        if (Math.abs(r) > 1) {
            return 0;
        }
        return besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / (k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
