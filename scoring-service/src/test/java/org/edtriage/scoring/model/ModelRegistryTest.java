package org.edtriage.scoring.model;

import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.scoring.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.*;

class ModelRegistryTest {
    @TempDir
    Path dir;
    private final ModelRegistry registry = new ModelRegistry("ami", "ami-shadow", false, 1, 4, Clock.systemUTC());

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aGoodReleaseIsInstalledAndEveryKindOfBadOneIsRefusedWhileTheRunningModelStays() throws Exception {
        ModelRelease good = TestModels.release(dir.resolve("good"), "ami", "v1", 1, 0.2, 0.6, true);
        assertEquals(ModelRegistry.Outcome.INSTALLED, registry.offer(good));
        assertEquals(ModelRegistry.Outcome.ALREADY_RUNNING, registry.offer(good));
        assertEquals(ModelRegistry.Outcome.NOT_OURS, registry.offer(TestModels.release(dir.resolve("other"), "sepsis", "v1", 2, 0.2, 0.6, true)));

        // corrupt parameters: the checkpoint's own sums no longer match
        ModelRelease corrupt = TestModels.release(dir.resolve("corrupt"), "ami", "v2", 3, 0.2, 0.6, true);
        Files.write(dir.resolve("corrupt").resolve(Checkpoint.PARAMETERS), new byte[]{1, 2, 3}, StandardOpenOption.APPEND);
        assertRefused(corrupt, "cannot be loaded");

        // an intact checkpoint, but not the one released (SHA-256 differs)
        ModelRelease other = TestModels.release(dir.resolve("v3"), "ami", "v3", 4, 0.2, 0.6, true);
        assertRefused(ModelRelease.newBuilder(other).setSha256("0".repeat(64)).build(), "the release says");
        assertRefused(ModelRelease.newBuilder(other).setArchitecture("rn900k").build(), "the release says rn900k");
        assertRefused(ModelRelease.newBuilder(other).setThresholds(new org.edtriage.schemas.events.Thresholds(0.7, 0.3)).build(), "thresholds");
        assertRefused(ModelRelease.newBuilder(other).setArtifactUri("s3://bucket/ami/v3").build(), "scheme 's3'");
        assertRefused(ModelRelease.newBuilder(other).setArtifactUri(dir.resolve("missing").toUri().toString()).build(), "cannot be loaded");
        assertRefused(TestModels.release(dir.resolve("untrained"), "ami", "v4", 5, 0.2, 0.6, false), "untrained network");

        assertEquals("v1", registry.champion().info().orElseThrow().release(), "the running model stays through every refusal");
        assertEquals(7, registry.refusals().size());
        assertEquals(ModelRegistry.Outcome.INSTALLED, registry.offer(other), "an intact release after the refusals goes in");
        assertEquals("v3", registry.champion().info().orElseThrow().release());
        assertEquals(2, registry.swapCount());
    }

    @Test
    void demosMayRunAnUntrainedNetworkAndItsScoresSaySo() throws Exception {
        try (ModelRegistry demo = new ModelRegistry("ami", null, true, 1, 4, Clock.systemUTC())) {
            assertEquals(ModelRegistry.Outcome.INSTALLED, demo.offer(TestModels.release(dir.resolve("u"), "ami", "v0", 5, 0.2, 0.6, false)));
            assertTrue(demo.champion().info().orElseThrow().placeholder());
        }
    }

    private void assertRefused(ModelRelease release, String reasonPart) {
        assertEquals(ModelRegistry.Outcome.REFUSED, registry.offer(release));
        String reason = registry.refusals().get(registry.refusals().size() - 1).reason();
        assertTrue(reason.contains(reasonPart), reason);
    }
}
