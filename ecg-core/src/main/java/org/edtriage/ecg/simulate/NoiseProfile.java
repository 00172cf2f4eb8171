package org.edtriage.ecg.simulate;

/**
 * Recording noise, each in mV (RMS or amplitude) before scaling: respiration baseline wander, mains
 * hum, EMG (muscle), electrode motion transients, lead-off segments. {@link #scaledTo(double)}
 * rescales the continuous parts to a target SNR.
 *
 * @param motionPerMinute expected electrode-motion artefacts per minute
 * @param leadOffProbability chance that one lead of the ECG drops out for part of the recording
 */
public record NoiseProfile(double wanderMv, double mainsMv, double emgMv, double motionPerMinute,
                           double motionMv, double leadOffProbability) {
    public static final NoiseProfile NONE = new NoiseProfile(0, 0, 0, 0, 0, 0);
    public static final NoiseProfile TYPICAL = new NoiseProfile(0.08, 0.01, 0.012, 1.0, 0.3, 0.01);
    public static final NoiseProfile NOISY = new NoiseProfile(0.25, 0.04, 0.04, 6.0, 0.8, 0.05);

    /**
     * The same mix with its continuous parts scaled so that a 1 mV QRS signal stands {@code snrDb}
     * above the noise RMS (RMS of wander, mains and EMG together).
     */
    public NoiseProfile scaledTo(double snrDb) {
        double rms = Math.sqrt(wanderMv * wanderMv / 2 + mainsMv * mainsMv / 2 + emgMv * emgMv);
        if (rms == 0) {
            return this;
        }
        double target = Math.pow(10, -snrDb / 20);
        double k = target / rms;
        return new NoiseProfile(wanderMv * k, mainsMv * k, emgMv * k, motionPerMinute, motionMv, leadOffProbability);
    }
}
