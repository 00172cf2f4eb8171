package org.edtriage.model.checkpoint;

import java.nio.file.Path;

/** A checkpoint that must not be used: unreadable, altered, incomplete, or not what it says it is. */
public final class CheckpointException extends Exception {
    private final Path checkpoint;

    public CheckpointException(Path checkpoint, String reason) {
        super("checkpoint " + checkpoint + " refused: " + reason);
        this.checkpoint = checkpoint;
    }

    public CheckpointException(Path checkpoint, String reason, Throwable cause) {
        super("checkpoint " + checkpoint + " refused: " + reason, cause);
        this.checkpoint = checkpoint;
    }

    public Path checkpoint() {
        return checkpoint;
    }
}
