package org.edtriage.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code SHA256SUMS} text over the given files of a checkpoint folder, as a careless or malicious hand would write one. */
public final class CheckpointSums {
    private CheckpointSums() {
    }

    public static String of(Path dir, String... files) throws IOException {
        StringBuilder sums = new StringBuilder();
        for (String file : files) {
            sums.append(Checkpoint.sha256(dir.resolve(file))).append("  ").append(file).append('\n');
        }
        return sums.toString();
    }
}
