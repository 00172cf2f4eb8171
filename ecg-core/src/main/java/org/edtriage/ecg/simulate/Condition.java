package org.edtriage.ecg.simulate;

/** Chronic findings that confound AMI detection: they change QRS and ST-T without an acute infarct. */
public enum Condition {
    NONE,
    /** Left ventricular hypertrophy: high QRS voltage with a lateral strain pattern. */
    LVH,
    /** Right bundle branch block: QRS ≥ 120 ms, rSR' in V1, wide S in I and V6. */
    RBBB,
    /** Left bundle branch block: QRS ≥ 140 ms, no septal q, broad R laterally, discordant ST-T (ST elevation V1–V3). */
    LBBB,
    /** Early repolarisation: J-point and concave ST elevation in V2–V5 without infarction. */
    EARLY_REPOLARISATION,
    /** Old (healed) infarct: pathological Q waves without acute ST change. */
    OLD_MI
}
