package org.edtriage.model;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.MinimalEcgGenerator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real PyTorch inference through DJL: deterministic, batched equals one-by-one, outputs are probabilities. */
class PlaceholderModelTest {

    @Test
    void scoresABatchDeterministicallyAndAsProbabilities() {
        MinimalEcgGenerator generator = new MinimalEcgGenerator(11);
        List<float[][]> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Ecg ecg = generator.generate("r" + i, Instant.EPOCH, 10, 60 + 10 * i, i % 2 == 0 ? 0 : 0.4, 60, Sex.MALE);
            inputs.add(PlaceholderModel.CONTRACT.prepare(ecg));
        }
        float[] batch;
        float[] single = new float[inputs.size()];
        try (PlaceholderModel model = new PlaceholderModel()) {
            batch = model.score(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                single[i] = model.score(List.<float[][]>of(inputs.get(i)))[0];
            }
        }
        float[] again;
        try (PlaceholderModel model = new PlaceholderModel()) {
            again = model.score(inputs);
        }
        System.out.println("placeholder scores: " + java.util.Arrays.toString(batch));
        assertEquals(inputs.size(), batch.length);
        for (float p : batch) {
            assertTrue(p >= 0 && p <= 1, "not a probability: " + p);
        }
        assertArrayEquals(single, batch, 1e-5f);
        assertArrayEquals(batch, again, 1e-6f, "a fresh placeholder must give the same scores (fixed seed)");
        assertNotEquals(batch[0], batch[1], "different ECGs should not all score the same");
    }
}
