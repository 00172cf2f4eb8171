package org.edtriage.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a secret of a local stack (a key, a password, a JAAS line): readable by their owner only from the
 * moment they exist, handed to a child process by path — never on a command line, which any process list shows.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Creates (or replaces) {@code file}, owner-only from its creation, with {@code content}. */
    public static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // a non-POSIX file system: the data directory's own permissions protect it
        }
        Files.writeString(file, content);
        return file;
    }

    /** Makes an existing file owner-only (one another tool wrote). */
    public static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data directory's own permissions protect it
        }
    }
}
