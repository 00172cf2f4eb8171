package org.edtriage.training.cohort;

import java.time.Duration;

/**
 * The cohort rules of Nyström et al. §II-A as numbers, so an experiment's configuration records them.
 *
 * @param ecgAfterArrival   the first ECG in [arrival, arrival + this] is the visit's ECG (3 h)
 * @param ecgBeforeArrival  else the last ECG in [arrival − this, arrival) (2 h)
 * @param temporalTest      the chronologically last visits holding this share of target patients (0.15)
 * @param train             of all target patients (0.55)
 * @param validation        of all target patients (0.15)
 * @param randomTest        of all target patients (0.15); train + validation + randomTest + temporalTest = 1
 * @param sourceValidation  of source patients (0.05; the rest train)
 * @param seed              for every random choice; the same data and seed give the same split
 */
public record SplitConfig(Duration ecgAfterArrival, Duration ecgBeforeArrival, double temporalTest, double train,
                          double validation, double randomTest, double sourceValidation, long seed) {

    public SplitConfig {
        double sum = temporalTest + train + validation + randomTest;
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("target fractions must add up to 1, they add up to " + sum);
        }
        if (temporalTest < 0 || train <= 0 || validation < 0 || randomTest < 0 || sourceValidation < 0 || sourceValidation >= 1) {
            throw new IllegalArgumentException("fractions must be in [0, 1) and train positive");
        }
    }

    /** The paper's: 3 h after / 2 h before, 15 % temporal test, 55 / 15 / 15, source 95 / 5. */
    public static SplitConfig nystrom(long seed) {
        return new SplitConfig(Duration.ofHours(3), Duration.ofHours(2), 0.15, 0.55, 0.15, 0.15, 0.05, seed);
    }
}
