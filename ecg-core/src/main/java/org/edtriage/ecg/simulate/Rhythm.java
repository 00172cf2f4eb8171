package org.edtriage.ecg.simulate;

/**
 * The rhythm of one recording.
 *
 * @param pvcProbability chance that a beat is a premature ventricular contraction (sinus rhythm only)
 */
public record Rhythm(Kind kind, double pvcProbability) {
    public static final Rhythm SINUS = new Rhythm(Kind.SINUS, 0);

    public enum Kind {
        /** Sinus rhythm with respiratory sinus arrhythmia (HF), LF modulation and beat-to-beat jitter. */
        SINUS,
        /** Atrial fibrillation: irregularly irregular RR, no P waves, fibrillatory f waves. */
        ATRIAL_FIBRILLATION
    }
}
