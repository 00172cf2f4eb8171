package org.edtriage.ecg.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything that shapes a simulated ED cohort. Defaults follow the seeds' Table I (target
 * chest-pain patients: median age 61; source patients: median 71; about half female) and an AMI
 * incidence of 5.7 % of chest-pain visits.
 *
 * @param visitsPerPatient    mean visits per patient (at least one each)
 * @param chestPainFraction   share of patients who come with chest pain (the target population)
 * @param stemiFraction       share of AMIs with STEMI-grade ST elevation; the rest are subtle
 * @param deviceChangeAt      temporal drift: from then on the hospitals use {@link #newDevice}; null for none
 * @param caseMixShiftAt      temporal drift: from then on AMI incidence is × {@link #caseMixAmiFactor}
 *                            and patients 5 years older; null for none
 * @param activePatientLimit  returning patients kept in memory; bounds memory for any cohort size
 */
public record CohortConfig(long seed, int patients, Instant start, Duration period, int hospitals,
                           double visitsPerPatient, double chestPainFraction, double amiIncidence, double stemiFraction,
                           double seconds, Device device, NoiseProfile noise, double afProbability, double pvcProbability,
                           Instant deviceChangeAt, Device newDevice, Instant caseMixShiftAt, double caseMixAmiFactor,
                           Duration labelDelayMin, Duration labelDelayMax, int activePatientLimit) {

    public static CohortConfig defaults(long seed, int patients) {
        return new CohortConfig(seed, patients, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofDays(730), 3,
                1.6, 0.4, 0.057, 0.3, 10, Device.CART_A, NoiseProfile.TYPICAL, 0.04, 0.05,
                null, Device.CART_B, null, 1.0, Duration.ofDays(1), Duration.ofDays(14), 50_000);
    }

    public CohortConfig withDrift(Instant deviceChangeAt, Device newDevice, Instant caseMixShiftAt, double amiFactor) {
        return new CohortConfig(seed, patients, start, period, hospitals, visitsPerPatient, chestPainFraction, amiIncidence,
                stemiFraction, seconds, device, noise, afProbability, pvcProbability, deviceChangeAt, newDevice, caseMixShiftAt,
                amiFactor, labelDelayMin, labelDelayMax, activePatientLimit);
    }

    public CohortConfig withAmiIncidence(double incidence) {
        return new CohortConfig(seed, patients, start, period, hospitals, visitsPerPatient, chestPainFraction, incidence,
                stemiFraction, seconds, device, noise, afProbability, pvcProbability, deviceChangeAt, newDevice, caseMixShiftAt,
                caseMixAmiFactor, labelDelayMin, labelDelayMax, activePatientLimit);
    }

    public CohortConfig withNoise(NoiseProfile profile) {
        return new CohortConfig(seed, patients, start, period, hospitals, visitsPerPatient, chestPainFraction, amiIncidence,
                stemiFraction, seconds, device, profile, afProbability, pvcProbability, deviceChangeAt, newDevice, caseMixShiftAt,
                caseMixAmiFactor, labelDelayMin, labelDelayMax, activePatientLimit);
    }
}
