package org.edtriage.ecg.simulate;

/**
 * An acute myocardial infarction as it shows on this ECG.
 *
 * @param stMv       ST elevation (mV) in the lead facing the territory most directly; below ~0.1 mV it
 *                   does not meet STEMI criteria (most real AMI is NSTEMI); negative = subendocardial ST
 *                   depression; 0 = an ECG-silent infarct (the label is AMI, the ECG shows nothing)
 * @param stage      how far the infarct has evolved at the time of this ECG
 */
public record AcuteMi(Territory territory, double stMv, Stage stage) {

    public enum Stage {
        /** Minutes: tall, broad T waves, little ST change yet. */
        HYPERACUTE,
        /** Hours: ST elevation with reciprocal depression. */
        ACUTE,
        /** Later: Q waves, less ST elevation, T inversion. */
        EVOLVING
    }

    /** Meets the amplitude part of the STEMI criteria in the facing leads (≥ 0.1 mV; ≥ 0.2 mV in V2–V3 for men). */
    public boolean stemiGrade() {
        return stage != Stage.HYPERACUTE && stMv >= 0.2;
    }
}
