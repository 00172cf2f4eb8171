package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A simulated ED cohort as a stream of {@link CohortEvent}s in time order: visits arrive as a Poisson
 * process over the period, each by a new patient or a returning one; chest-pain visits carry 1–3
 * ECGs from 2 h before to 3 h after arrival, other visits one (the pre-training source set); every
 * visit's outcome label arrives days later. Deterministic from the seed. Memory is bounded whatever
 * the cohort size: returning patients are kept up to {@link CohortConfig#activePatientLimit()},
 * pending events only for the label delay, and ECG signals are synthesised on demand.
 */
public final class Cohort implements Iterator<CohortEvent> {
    private static final String[] OTHER_COMPLAINTS = {"R06.0|Dyspnoea", "R55|Syncope", "R10.4|Abdominal pain",
            "R50.9|Fever", "R42|Dizziness", "S06.0|Head injury", "R53|Fatigue", "I48|Palpitations, known AF", "R51|Headache"};
    private static final Duration PREHOSPITAL = Duration.ofHours(2);

    private final CohortConfig config;
    private final Random random;
    private final Instant end;
    private final double meanGapSeconds;
    private final List<Patient> active = new ArrayList<>();
    private final PriorityQueue<CohortEvent> pending = new PriorityQueue<>((a, b) -> {
        int c = a.time().compareTo(b.time());
        return c != 0 ? c : Integer.compare(order(a), order(b));
    });
    private Instant clock;
    private long patientsCreated;
    private long visits;
    private long ecgs;
    private boolean arrivalsDone;

    private static final class Patient {
        final long number;
        final int ageAtStart;
        final Sex sex;
        final boolean chestPainPatient;
        final String hospital;
        PatientTraits traits;
        int remainingVisits;

        Patient(long number, int ageAtStart, Sex sex, boolean chestPainPatient, String hospital, PatientTraits traits, int visits) {
            this.number = number;
            this.ageAtStart = ageAtStart;
            this.sex = sex;
            this.chestPainPatient = chestPainPatient;
            this.hospital = hospital;
            this.traits = traits;
            this.remainingVisits = visits;
        }
    }

    public Cohort(CohortConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.end = config.start().plus(config.period());
        double expectedVisits = Math.max(1, config.patients() * config.visitsPerPatient());
        this.meanGapSeconds = config.period().toSeconds() / expectedVisits;
        this.clock = config.start();
    }

    public CohortConfig config() {
        return config;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public CohortEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /** Generates arrivals until the earliest pending event can no longer be preceded by a future one. */
    private void fill() {
        while (!arrivalsDone && (pending.isEmpty() || !pending.peek().time().isBefore(clock.minus(PREHOSPITAL)))) {
            clock = clock.plusMillis((long) (-Math.log(1 - random.nextDouble()) * meanGapSeconds * 1000));
            if (clock.isAfter(end) || (patientsCreated >= config.patients() && active.isEmpty())) {
                arrivalsDone = true;
                return;
            }
            arrive(clock);
        }
    }

    private void arrive(Instant arrival) {
        double remainingExpected = Math.max(1, Duration.between(arrival, end).toSeconds() / meanGapSeconds);
        double pNew = (config.patients() - patientsCreated) / remainingExpected;
        Patient patient;
        if (patientsCreated < config.patients() && (active.isEmpty() || random.nextDouble() < pNew)) {
            patient = newPatient(arrival);
        } else {
            int i = random.nextInt(active.size());
            patient = active.get(i);
        }
        patient.remainingVisits--;
        if (patient.remainingVisits <= 0) {
            active.remove(patient);
        }
        visit(patient, arrival);
    }

    private Patient newPatient(Instant arrival) {
        long number = ++patientsCreated;
        boolean chestPain = random.nextDouble() < config.chestPainFraction();
        boolean shifted = config.caseMixShiftAt() != null && !arrival.isBefore(config.caseMixShiftAt());
        // seeds' Table I: target (chest pain) median age 61, source median 71
        int age = (int) TraitsModel.clamp(Math.round((chestPain ? 61 : 71) + (shifted ? 5 : 0) + 15 * random.nextGaussian()), 18, 100);
        Sex sex = random.nextDouble() < (chestPain ? 0.47 : 0.52) ? Sex.FEMALE : Sex.MALE;
        int visitsPlanned = 1 + poisson(config.visitsPerPatient() - 1);
        String hospital = "SIM-H" + (1 + random.nextInt(config.hospitals()));
        Patient p = new Patient(number, age, sex, chestPain, hospital, TraitsModel.draw(number, age, sex, random), visitsPlanned);
        if (visitsPlanned > 1) {
            if (active.size() >= config.activePatientLimit()) {
                active.remove(random.nextInt(active.size())); // bounded memory: this patient's later visits are forgone
            }
            active.add(p);
        }
        return p;
    }

    private void visit(Patient patient, Instant arrival) {
        long visitNumber = ++visits;
        int age = patient.ageAtStart + (int) (Duration.between(config.start(), arrival).toDays() / 365);
        boolean chestPain = random.nextDouble() < (patient.chestPainPatient ? 0.85 : 0.05);
        String complaintCode, complaintText;
        if (chestPain) {
            complaintCode = "R07.4";
            complaintText = "Chest pain";
        } else {
            String[] c = OTHER_COMPLAINTS[random.nextInt(OTHER_COMPLAINTS.length)].split("\\|");
            complaintCode = c[0];
            complaintText = c[1];
        }
        boolean shifted = config.caseMixShiftAt() != null && !arrival.isBefore(config.caseMixShiftAt());
        double risk = config.amiIncidence() * (patient.sex == Sex.MALE ? 1.25 : 0.75) * (0.4 + 0.6 * age / 61.0)
                * (shifted ? config.caseMixAmiFactor() : 1);
        boolean ami = chestPain && random.nextDouble() < risk;
        CohortEvent.Visit visit = new CohortEvent.Visit(arrival, String.format("SIM-V%08d", visitNumber),
                String.format("SIM-P%07d", patient.number), patient.hospital, age, patient.sex, complaintCode, complaintText, chestPain, ami);
        pending.add(visit);

        Territory territory = null;
        double st = 0;
        if (ami) {
            double u = random.nextDouble();
            territory = u < 0.35 ? Territory.ANTERIOR : u < 0.75 ? Territory.INFERIOR : u < 0.9 ? Territory.LATERAL : Territory.POSTERIOR;
            double kind = random.nextDouble();
            if (kind < config.stemiFraction()) {
                st = 0.2 + 0.3 * random.nextDouble();
            } else if (kind < config.stemiFraction() + (1 - config.stemiFraction()) * 0.35) {
                st = 0; // ECG-silent: a third of NSTEMIs show no ischaemic change on the first ECG
            } else {
                st = (random.nextBoolean() ? 1 : -1) * (0.04 + 0.08 * random.nextDouble()); // subtle: mostly below STEMI criteria
            }
        }
        PatientTraits traits = TraitsModel.atVisit(patient.traits, age, random);
        boolean af = random.nextDouble() < config.afProbability() * age / 61.0;
        Rhythm rhythm = af ? new Rhythm(Rhythm.Kind.ATRIAL_FIBRILLATION, 0)
                : new Rhythm(Rhythm.Kind.SINUS, random.nextDouble() < config.pvcProbability() ? 0.08 : 0);
        Device device = config.deviceChangeAt() != null && !arrival.isBefore(config.deviceChangeAt()) ? config.newDevice() : config.device();
        int count = chestPain ? 1 + (random.nextDouble() < 0.6 ? 1 : 0) + (random.nextDouble() < 0.25 ? 1 : 0) : 1;
        Instant latest = arrival.plus(Duration.ofHours(3));
        Instant t = random.nextDouble() < 0.1 ? arrival.minusSeconds((long) (random.nextDouble() * PREHOSPITAL.toSeconds()))
                : arrival.plusSeconds((long) Math.min(3 * 3600 - 1, -Math.log(1 - random.nextDouble()) * 600));
        for (int k = 0; k < count && !t.isAfter(latest); k++) {
            AcuteMi mi = null;
            if (ami) {
                AcuteMi.Stage stage = st == 0 ? AcuteMi.Stage.ACUTE
                        : k == 0 ? (random.nextDouble() < 0.2 ? AcuteMi.Stage.HYPERACUTE : AcuteMi.Stage.ACUTE)
                        : (k == 1 ? AcuteMi.Stage.ACUTE : AcuteMi.Stage.EVOLVING);
                mi = new AcuteMi(territory, st, stage);
            }
            long ecgNumber = ++ecgs;
            pending.add(new CohortEvent.Recording(t, String.format("SIM-E%09d", ecgNumber), visit, k, traits, mi, rhythm, device,
                    config.noise(), config.seconds(), config.seed() * 1_000_003L + ecgNumber));
            t = t.plusSeconds(1800 + random.nextInt(5400));
        }
        long delay = config.labelDelayMin().toSeconds()
                + (long) (random.nextDouble() * (config.labelDelayMax().toSeconds() - config.labelDelayMin().toSeconds()));
        Instant diagnosed = ami ? arrival.plusSeconds(7200 + random.nextInt(46 * 3600)) : null;
        List<String> codes = new ArrayList<>();
        codes.add(complaintCode);
        if (ami) {
            codes.add(Math.abs(st) < 0.2 ? "I21.4" : switch (territory) {
                case ANTERIOR -> "I21.0";
                case INFERIOR -> "I21.1";
                default -> "I21.2";
            });
        } else if (chestPain && random.nextDouble() < 0.05) {
            codes.add("I20.0"); // unstable angina: a troponin-negative near miss
        }
        pending.add(new CohortEvent.Outcome(arrival.plusSeconds(delay), visit, ami, List.copyOf(codes), diagnosed));
        if (ami && Math.abs(st) > 0 && patient.traits.condition() == Condition.NONE) {
            // the infarct heals into a scar: later visits of this patient show an old MI in that territory
            patient.traits = patient.traits.withCondition(Condition.OLD_MI, territory);
        }
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** At the same instant: visit before its ECGs before outcomes. */
    private static int order(CohortEvent e) {
        return e instanceof CohortEvent.Visit ? 0 : e instanceof CohortEvent.Recording ? 1 : 2;
    }
}
