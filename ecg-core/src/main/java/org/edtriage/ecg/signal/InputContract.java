package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;

import java.util.List;

/**
 * What a model expects to be fed: which leads in which order, at what rate, how many samples, where the
 * zero padding goes, how amplitudes are scaled, and (for models that see crops of the record) how it is
 * windowed. {@link #prepare(Ecg)} is the one shared preprocessing step, used by training and scoring alike
 * so that a model never sees different inputs in production than it was trained on.
 */
public record InputContract(List<String> leads, double samplingRateHz, int samples, Padding padding,
                            Normalisation normalisation, Windowing windowing) {

    /** Where a record shorter than {@link #samples()} gets its zeros (a longer one is cut at the end). */
    public enum Padding {
        /** Zeros after the signal. */
        END,
        /** Zeros on both sides (Ribeiro et al.'s CODE preprocessing: 10 s at 400 Hz centred in 4096). */
        CENTER
    }

    /** How lead amplitudes reach the network. */
    public enum Normalisation {
        /** Millivolts as recorded (the Nyström models). */
        MILLIVOLTS,
        /**
         * Each lead of each ECG to zero mean and unit variance (over the recorded part, padding excluded).
         * Per ECG rather than per dataset so a checkpoint needs no dataset statistics; used for the
         * Nguyen & Do models, whose RNNs in particular need unit-scale inputs.
         */
        PER_LEAD_ZSCORE
    }

    public InputContract {
        leads = List.copyOf(leads);
        if (leads.isEmpty() || samplingRateHz <= 0 || samples <= 0) {
            throw new IllegalArgumentException("a contract needs leads, a positive rate and a positive length");
        }
        if (windowing != null && windowing.windowSamples() > samples) {
            throw new IllegalArgumentException("window of " + windowing.windowSamples() + " samples is longer than the "
                    + samples + "-sample input");
        }
    }

    /** Millivolts, zeros at the end, no windowing. */
    public InputContract(List<String> leads, double samplingRateHz, int samples) {
        this(leads, samplingRateHz, samples, Padding.END, Normalisation.MILLIVOLTS, null);
    }

    public InputContract withPadding(Padding newPadding) {
        return new InputContract(leads, samplingRateHz, samples, newPadding, normalisation, windowing);
    }

    public InputContract withNormalisation(Normalisation newNormalisation) {
        return new InputContract(leads, samplingRateHz, samples, padding, newNormalisation, windowing);
    }

    public InputContract withWindowing(Windowing newWindowing) {
        return new InputContract(leads, samplingRateHz, samples, padding, normalisation, newWindowing);
    }

    /**
     * Leads in contract order, resampled with anti-aliasing (never plain decimation), normalised, then cut
     * or zero-padded to {@link #samples()}.
     */
    public float[][] prepare(Ecg ecg) {
        float[][] raw = LeadSet.millivolts(ecg, leads);
        float[][] out = new float[leads.size()][];
        for (int l = 0; l < raw.length; l++) {
            float[] x = Resampler.resample(raw[l], ecg.samplingRateHz(), samplingRateHz);
            if (normalisation == Normalisation.PER_LEAD_ZSCORE) {
                zscore(x);
            }
            out[l] = fit(x);
        }
        return out;
    }

    private float[] fit(float[] x) {
        float[] fitted = new float[samples];
        int n = Math.min(samples, x.length);
        int at = padding == Padding.CENTER ? (samples - n) / 2 : 0;
        System.arraycopy(x, 0, fitted, at, n);
        return fitted;
    }

    private static void zscore(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / Math.max(1, x.length);
        double squares = 0;
        for (float v : x) {
            squares += (v - mean) * (v - mean);
        }
        // A flat lead (lead off, all zeros) stays zero instead of being blown up by a tiny deviation.
        double sd = Math.sqrt(squares / Math.max(1, x.length));
        double scale = sd < 1e-6 ? 0 : 1 / sd;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((x[i] - mean) * scale);
        }
    }
}
