package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;

import java.util.List;

/**
 * What a model expects to be fed: which leads in which order, at what rate, how many samples.
 * {@link #prepare(Ecg)} is the one shared preprocessing step, used by training and scoring alike so
 * that a model never sees different inputs in production than it was trained on.
 */
public record InputContract(List<String> leads, double samplingRateHz, int samples) {

    public InputContract {
        leads = List.copyOf(leads);
    }

    /** Leads in mV in contract order, resampled with anti-aliasing, then cut or zero-padded at the end. */
    public float[][] prepare(Ecg ecg) {
        float[][] raw = LeadSet.millivolts(ecg, leads);
        float[][] out = new float[leads.size()][];
        for (int l = 0; l < raw.length; l++) {
            float[] x = Resampler.resample(raw[l], ecg.samplingRateHz(), samplingRateHz);
            float[] fitted = new float[samples];
            System.arraycopy(x, 0, fitted, 0, Math.min(samples, x.length));
            out[l] = fitted;
        }
        return out;
    }
}
