package org.edtriage.ecg.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FoldersTest {

    @Test
    void deletesANestedTreeAndToleratesOneThatIsGone(@TempDir Path root) throws Exception {
        Path tree = root.resolve("tree");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/signal.dat"), "x");
        Files.writeString(tree.resolve("top.txt"), "y");
        Path sibling = Files.writeString(root.resolve("sibling.txt"), "kept");

        Folders.deleteTree(tree);
        assertFalse(Files.exists(tree));
        assertTrue(Files.exists(sibling), "only the tree goes");
        assertDoesNotThrow(() -> Folders.deleteTree(tree));
    }
}
