package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/** What happens in a simulated ED, in time order: visits, ECGs, outcome labels. */
public sealed interface CohortEvent permits CohortEvent.Visit, CohortEvent.Recording, CohortEvent.Outcome {

    Instant time();

    /**
     * A registration.
     *
     * @param complaintCode ICD-10 code of the chief complaint (R07.4 for chest pain)
     */
    record Visit(Instant time, String visitId, String patientId, String hospitalId, int ageYears, Sex sex,
                 String complaintCode, String complaintText, boolean chestPain, boolean ami) implements CohortEvent {
    }

    /**
     * An ECG of a visit. The signal is synthesised only when asked for ({@link #synthesize()}), from
     * its own seed, so a cohort of millions streams in constant memory and each ECG is reproducible alone.
     */
    record Recording(Instant time, String ecgId, Visit visit, int indexInVisit, PatientTraits traits, AcuteMi mi,
                     Rhythm rhythm, Device device, NoiseProfile noise, double seconds, long seed) implements CohortEvent {
        public SimulatedEcg synthesize() {
            return EcgSynthesizer.synthesize(ecgId, time, seconds, traits, mi, rhythm, device, noise, new Random(seed));
        }
    }

    /** The label of a visit, known {@code time} (after the delay); {@code diagnosedAt} is when the AMI was diagnosed. */
    record Outcome(Instant time, Visit visit, boolean amiWithin30Days, List<String> icd10Codes, Instant diagnosedAt) implements CohortEvent {
    }
}
