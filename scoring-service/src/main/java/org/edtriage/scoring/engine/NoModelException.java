package org.edtriage.scoring.engine;

/** No champion is installed: the ECG must wait, not be dead-lettered. */
public final class NoModelException extends IllegalStateException {
    public NoModelException() {
        super("no released model is running");
    }
}
