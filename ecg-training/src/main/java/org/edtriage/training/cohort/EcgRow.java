package org.edtriage.training.cohort;

import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.util.Objects;

/**
 * An ECG as the dataset holds it (the signal itself lives in the shard store): whose, when, the age and
 * sex the pre-training learns, and the SHA-256 of the signal so that one recording filed twice (two
 * feeds, a resend under a new id) is caught by the leakage check.
 */
public record EcgRow(String ecgId, String patientId, Instant acquiredAt, Integer ageYears, Sex sex, String signalSha256) {
    public EcgRow {
        Objects.requireNonNull(ecgId, "ecgId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        sex = sex == null ? Sex.UNKNOWN : sex;
    }
}
