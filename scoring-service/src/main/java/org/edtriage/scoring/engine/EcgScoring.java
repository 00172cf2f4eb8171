package org.edtriage.scoring.engine;

import org.edtriage.ecg.Ecg;

import java.util.concurrent.CompletableFuture;

/**
 * Where the stream sends an accepted ECG to be scored: the {@link ScoringEngine} in the service. A future that
 * fails with {@link NoModelException} or {@link EngineClosedException} means "not now"; any other failure
 * means this ECG could not be scored.
 */
public interface EcgScoring {
    CompletableFuture<Scored> submit(Ecg ecg);
}
