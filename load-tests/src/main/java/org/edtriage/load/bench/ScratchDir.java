package org.edtriage.load.bench;

import org.edtriage.ecg.io.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary folder for a benchmark's broker and registry, removed when the benchmark ends: their
 * logs run to more than a gigabyte per run and would otherwise fill {@code /tmp} run after run.
 * Close it after the broker that writes into it.
 */
record ScratchDir(Path path) implements AutoCloseable {

    static ScratchDir create(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(prefix));
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try {
            Folders.deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the benchmark's scratch folder " + path, e);
        }
    }
}
