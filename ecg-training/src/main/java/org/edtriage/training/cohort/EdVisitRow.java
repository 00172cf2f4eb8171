package org.edtriage.training.cohort;

import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.util.Objects;

/** An ED visit as the dataset holds it: who, when, whether it is a chest-pain visit, age and sex at arrival. */
public record EdVisitRow(String visitId, String patientId, Instant arrival, boolean chestPain, Integer ageYears, Sex sex) {
    public EdVisitRow {
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(arrival, "arrival");
        sex = sex == null ? Sex.UNKNOWN : sex;
    }
}
