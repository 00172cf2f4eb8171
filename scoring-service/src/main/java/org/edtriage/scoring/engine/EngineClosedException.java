package org.edtriage.scoring.engine;

/** The engine is shutting down: the ECG stays in flight for whoever scores this partition next. */
public final class EngineClosedException extends IllegalStateException {
    public EngineClosedException() {
        super("scoring engine is closed");
    }
}
