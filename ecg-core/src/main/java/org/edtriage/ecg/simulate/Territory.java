package org.edtriage.ecg.simulate;

/**
 * Where an infarct is, as the direction of its injury current in Frank space: the ST vector points
 * towards injured epicardium, so ST elevation appears in the leads facing it and reciprocal
 * depression in the leads opposite — from the projection, not painted per lead.
 */
public enum Territory {
    /** LAD: V1–V4 elevation, inferior reciprocal depression. */
    ANTERIOR(new Vec3(0.25, 0.05, -1.0)),
    /** RCA: II, III, aVF elevation, aVL and I reciprocal depression. */
    INFERIOR(new Vec3(-0.25, 1.0, 0.05)),
    /** LCx/diagonal: I, aVL, V5–V6 elevation, III/aVF reciprocal depression. */
    LATERAL(new Vec3(1.0, -0.45, 0.15)),
    /** Posterior wall: V1–V3 depression (the mirror image), slight V6 elevation. */
    POSTERIOR(new Vec3(0.05, 0.1, 1.0));

    private final Vec3 direction;

    Territory(Vec3 direction) {
        this.direction = direction.unit();
    }

    public Vec3 direction() {
        return direction;
    }
}
