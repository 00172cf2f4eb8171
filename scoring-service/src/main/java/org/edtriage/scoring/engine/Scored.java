package org.edtriage.scoring.engine;

import org.edtriage.scoring.model.ModelInfo;

/**
 * What the engine made of one ECG: a probability from the champion (and the shadow's, when one runs), or the
 * reason the ECG cannot be scored by any model (an impossible signal), which the caller dead-letters.
 *
 * @param preprocessMs  preparing this ECG to the model's contract
 * @param inferenceMs   the batch's model call (shared by every ECG in the batch)
 * @param batchWaitMs   from submission until its batch started
 */
public record Scored(float probability, ModelInfo model, Float shadowProbability, ModelInfo shadowModel,
                     double preprocessMs, double inferenceMs, double batchWaitMs, int batchSize, String rejection) {

    static Scored rejected(String reason) {
        return new Scored(Float.NaN, null, null, null, 0, 0, 0, 0, reason);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
