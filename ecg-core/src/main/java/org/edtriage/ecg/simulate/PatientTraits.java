package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;

/**
 * What makes a patient's ECGs look like that patient's, on every ECG of theirs: the same axis,
 * amplitudes and intervals (with small visit-to-visit variation), so that a split that leaks
 * patients is rewarded exactly as it would be on real data.
 *
 * @param axisDeg          frontal QRS axis (hexaxial degrees)
 * @param horizontalDeg    rotation of the heart in the horizontal plane (transition zone)
 * @param qrsScale         QRS amplitude factor (1 = a typical young man)
 * @param tScale           T amplitude factor
 * @param heartRateBpm     resting rate at this visit
 * @param pDurationMs      P-wave duration (lengthens with age: atrial ageing)
 * @param anteriorStMv     the normal J-point/ST elevation of V2–V3 (the "male pattern" of the young, fading with age)
 * @param oldMiTerritory   for {@link Condition#OLD_MI}: where the scar is; else null
 */
public record PatientTraits(long patientNumber, int ageYears, Sex sex, double axisDeg, double horizontalDeg,
                            double qrsScale, double tScale, double prMs, double qrsMs, double qtcMs,
                            double heartRateBpm, double hrvFraction, double pDurationMs, double anteriorStMv,
                            Condition condition, Territory oldMiTerritory) {

    /** The same heart with another chronic condition (an infarct that healed into a scar, say). */
    public PatientTraits withCondition(Condition newCondition, Territory territory) {
        return new PatientTraits(patientNumber, ageYears, sex, axisDeg, horizontalDeg, qrsScale, tScale, prMs, qrsMs, qtcMs, heartRateBpm,
                hrvFraction, pDurationMs, anteriorStMv, newCondition, territory);
    }
}
