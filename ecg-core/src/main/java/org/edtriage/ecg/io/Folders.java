package org.edtriage.ecg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores every module needs (checkpoints, datasets, brokers' scratch folders). */
public final class Folders {
    private Folders() {
    }

    /** Deletes a folder and everything under it, deepest first; a folder that does not exist is left as it is. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
