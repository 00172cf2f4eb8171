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

    @Test
    void copiesANestedTreeAndNeverOverwrites(@TempDir Path root) throws Exception {
        Path tree = root.resolve("ensemble");
        Files.createDirectories(tree.resolve("members/1"));
        Files.writeString(tree.resolve("members/1/parameters.params"), "p");
        Files.writeString(tree.resolve("model.json"), "m");

        Folders.copyTree(tree, root.resolve("copy"));
        assertEquals("p", Files.readString(root.resolve("copy/members/1/parameters.params")));
        assertEquals("m", Files.readString(root.resolve("copy/model.json")));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Folders.copyTree(tree, root.resolve("copy")));
    }
}
