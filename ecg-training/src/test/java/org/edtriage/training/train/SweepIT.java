package org.edtriage.training.train;

import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.PreparedSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The size sweep (Nyström Fig. 5, Nguyen &amp; Do Fig. 3) on a 2 × 2 grid of the small simulated ED, each
 * stage cut to a few batches: what is checked is the bookkeeping — one body per source size, one scratch
 * model per target size, nested subsets, the gain column, the CSV and the plots — not the AUCs, which a
 * few batches cannot make meaningful.
 */
class SweepIT {

    @Test
    void everyCellIsTrainedOnNestedSubsetsAndTheGridIsWrittenAndPlotted(@TempDir Path out) throws Exception {
        CohortSplit split = SimulatedDataset.split();
        try (PreparedSignals signals = new PreparedSignals(SimulatedDataset.store(), Architectures.cnn20k(new Head.Binary()).contract())) {
            ExperimentConfig config = new ExperimentConfig("sweep-test", "cnn20k", "sex", 3,
                    new StagePlan("pretrain", 1, 32, Schedule.oneCycle(3e-3), 0, false, 6),
                    new StagePlan("stage2-frozen", 1, 32, Schedule.oneCycle(3e-3), 0, true, 4),
                    new StagePlan("stage3-unfrozen", 1, 32, Schedule.constant(3e-4), 0, false, 4),
                    new StagePlan("scratch", 1, 32, Schedule.oneCycle(3e-3), 0, false, 8),
                    200, 0.99, 0.95, 1, 1, Recipe.PAPER);
            List<Double> sources = List.of(0.5, 1.0);
            List<Double> targets = List.of(0.5, 1.0);
            List<Sweep.Cell> cells = new Sweep(new TransferExperiment(signals, Progress.NONE)).run(config, split, sources, targets, out);

            assertEquals(4, cells.size());
            Sweep.Cell s50t50 = cell(cells, 0.5, 0.5), s50t100 = cell(cells, 0.5, 1.0), s100t50 = cell(cells, 1.0, 0.5), s100t100 = cell(cells, 1.0, 1.0);
            // nested subsets by patient: the half is smaller than the whole and roughly half of it
            assertTrue(s50t50.sourceEcgs() < s100t50.sourceEcgs() && s100t50.sourceEcgs() == split.sourceTrain().size());
            assertTrue(s50t50.targetEcgs() < s50t100.targetEcgs() && s50t100.targetEcgs() == split.train().size());
            assertEquals(0.5, (double) s50t50.targetEcgs() / split.train().size(), 0.15);
            assertEquals(0.5, (double) s50t50.sourceEcgs() / split.sourceTrain().size(), 0.15);
            // one body per source size (the same source count whatever the target), one scratch model per target size
            assertEquals(s50t50.sourceEcgs(), s50t100.sourceEcgs());
            assertEquals(s50t50.targetEcgs(), s100t50.targetEcgs());
            assertEquals(s50t50.scratchAuc(), s100t50.scratchAuc(), "the scratch model of a target size is shared by every source size");
            assertEquals(s50t100.scratchAuc(), s100t100.scratchAuc());
            assertEquals(s50t50.featuresAuc(), s100t50.featuresAuc(), "the feature model of a target size is shared too");
            for (Sweep.Cell c : cells) {
                assertEquals(c.transferAuc() - c.scratchAuc(), c.gain(), 1e-12);
                assertTrue(c.gainLower() <= c.gainUpper() && Double.isFinite(c.gain()), "a paired interval for the gain: " + c);
                assertTrue(c.featuresLower() <= c.featuresUpper() && Double.isFinite(c.featuresAuc()), c.toString());
                assertEquals(c.featuresAuc() - c.scratchAuc(), c.featuresGain(), 1e-12, "the feature model's gain is over the same scratch model");
                assertTrue(c.featuresGainLower() <= c.featuresGainUpper(), c.toString());
                // percentile intervals need not hold the point estimate on tiny sets: only their order is certain
                assertTrue(c.transferLower() <= c.transferUpper() && c.scratchLower() <= c.scratchUpper(), c.toString());
            }
            // the pre-trained bodies and every fine-tuned cell are kept
            assertTrue(Files.exists(out.resolve("source-50/pretrain/model.json")));
            assertTrue(Files.exists(out.resolve("source-100/target-50")));

            List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
            assertEquals(5, csv.size(), "a header and one row per cell");
            String[] row = csv.get(1).split(",");
            assertEquals(20, row.length);
            assertEquals("sex", row[0]);
            assertEquals(s50t50.gain(), Double.parseDouble(row[11]), 1e-4);
            assertTrue(Files.exists(out.resolve("features-target-50/model.json")), "the feature model's checkpoint");
            for (String png : new String[]{"heatmap-auc.png", "heatmap-gain.png", "improvement-vs-target-size.png"}) {
                BufferedImage image = ImageIO.read(out.resolve(png).toFile());
                assertNotNull(image, png + " is an image");
                assertTrue(image.getWidth() >= 300 && image.getHeight() >= 200, png);
            }
        }
    }

    private static Sweep.Cell cell(List<Sweep.Cell> cells, double source, double target) {
        return cells.stream().filter(c -> c.sourceFraction() == source && c.targetFraction() == target).findFirst().orElseThrow();
    }
}
