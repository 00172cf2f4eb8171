package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Ecg;

import java.util.List;

/**
 * A generated ECG with the ground truth that produced it, so tests can check what the system finds
 * against what was put in.
 *
 * @param rPeaks seconds of every R peak (sinus and ectopic) in the recording
 */
public record SimulatedEcg(Ecg ecg, PatientTraits traits, AcuteMi mi, Rhythm rhythm, Device device, NoiseProfile noise,
                           List<Double> rPeaks, String leadOff) {
}
