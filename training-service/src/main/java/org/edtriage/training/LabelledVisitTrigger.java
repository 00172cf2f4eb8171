package org.edtriage.training;

/**
 * "Every N newly labelled visits": counts from the labels the store held when the service started (a
 * restart does not retrain on labels an earlier run already trained on) or when the last cycle began.
 */
final class LabelledVisitTrigger {
    private final long every;
    private long atLastCycle;

    /** @param every N; 0 switches the trigger off */
    LabelledVisitTrigger(long every, long labelledNow) {
        if (every < 0) {
            throw new IllegalArgumentException("every-labelled-visits must be ≥ 0, not " + every);
        }
        this.every = every;
        this.atLastCycle = labelledNow;
    }

    synchronized boolean due(long labelledNow) {
        return every > 0 && labelledNow - atLastCycle >= every;
    }

    synchronized void cycleStarted(long labelledNow) {
        atLastCycle = labelledNow;
    }
}
