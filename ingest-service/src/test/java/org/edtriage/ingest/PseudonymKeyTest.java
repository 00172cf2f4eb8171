package org.edtriage.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudonymKeyTest {
    @TempDir
    Path dir;

    @Test
    void outsideDevAndTestAMissingKeyRefusesNamingTheSettings() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PseudonymKey.resolve(Optional.empty(), Optional.empty(), false));
        assertTrue(e.getMessage().contains("triage.pseudonym.key is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("triage.pseudonym.key-file"), e.getMessage());
        assertTrue(e.getMessage().contains("TRIAGE_PSEUDONYM_KEY"), e.getMessage());
    }

    @Test
    void theKeyComesFromTheSettingOrAMountedFile() throws Exception {
        assertEquals("a-secret-of-sixteen+", PseudonymKey.resolve(Optional.of("a-secret-of-sixteen+"), Optional.empty(), false));
        Path file = Files.writeString(dir.resolve("pseudonym.key"), "from-a-mounted-secret-file\n");
        assertEquals("from-a-mounted-secret-file", PseudonymKey.resolve(Optional.empty(), Optional.of(file), false));
        assertThrows(IllegalStateException.class, () -> PseudonymKey.resolve(Optional.of("x".repeat(16)), Optional.of(file), false), "not both");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PseudonymKey.resolve(Optional.empty(), Optional.of(dir.resolve("absent")), false));
        assertTrue(missing.getMessage().contains("triage.pseudonym.key-file"), missing.getMessage());
    }

    @Test
    void onlyDevAndTestFallBackToTheDevelopmentKey() {
        assertEquals(PseudonymKey.DEVELOPMENT_KEY, PseudonymKey.resolve(Optional.empty(), Optional.empty(), true));
    }
}
