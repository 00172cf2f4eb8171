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

    /**
     * Copies everything under {@code from} (a checkpoint, say — an ensemble's members are folders in it) into {@code to},
     * created if missing; never overwrites. {@code from} itself may be a link; a link inside it is refused, not followed
     * (a copy that silently lacked what the link pointed to would pass for complete).
     */
    public static void copyTree(Path from, Path to) throws IOException {
        Path source = from.toRealPath();
        Files.createDirectories(to);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                if (p.equals(source)) {
                    continue;
                }
                Path target = to.resolve(source.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    throw new IOException("not copying " + from + ": " + source.relativize(p) + " is a symbolic link");
                } else if (Files.isDirectory(p)) {
                    Files.createDirectory(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
