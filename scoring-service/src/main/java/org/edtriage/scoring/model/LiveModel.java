package org.edtriage.scoring.model;

import org.edtriage.model.EcgScorer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded, verified model in use. Reference-counted so that a swap never closes a model a batch is still
 * running on: the slot holding it owns one reference, each batch borrows one, and the last to let go
 * closes the DJL model.
 */
public final class LiveModel {
    private final ModelInfo info;
    private final EcgScorer scorer;
    private final AtomicInteger references = new AtomicInteger(1);

    public LiveModel(ModelInfo info, EcgScorer scorer) {
        this.info = info;
        this.scorer = scorer;
    }

    public ModelInfo info() {
        return info;
    }

    public EcgScorer scorer() {
        return scorer;
    }

    /** Borrows a reference; false if the model was already closed (the caller looks again). */
    boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            scorer.close();
        }
    }
}
