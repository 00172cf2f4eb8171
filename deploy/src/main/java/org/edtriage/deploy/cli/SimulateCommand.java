package org.edtriage.deploy.cli;

import org.edtriage.deploy.feed.CohortFeed;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortWriter;
import org.edtriage.ecg.simulate.Device;
import org.edtriage.ecg.simulate.NoiseProfile;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./triage simulate}: a synthetic ED cohort to files, or played live into the platform. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Generate a simulated ED cohort (patients, visits, 12-lead ECGs, AMI outcomes) as WFDB records + manifest.csv.",
        subcommands = {SimulateCommand.Feed.class})
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    CohortOptions cohort;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for records/ and manifest.csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        CohortWriter.Summary s = CohortWriter.write(new Cohort(cohort.config()), out);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d patients: %d visits (%d chest pain, %d with AMI), %d ECGs (%.1f MB) in %.1f s (%.0f ECGs/s) -> %s%n",
                cohort.patients, s.visits(), s.chestPainVisits(), s.amiVisits(), s.ecgs(), s.bytes() / 1e6, seconds, s.ecgs() / seconds, out);
        return 0;
    }

    /** Settings shared by file output and the live feed. */
    static final class CohortOptions {
        @Option(names = "--patients", defaultValue = "1000", description = "Patients (default ${DEFAULT-VALUE})")
        int patients;
        @Option(names = "--seed", defaultValue = "1", description = "Seed: the same seed gives the same bytes (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--years", defaultValue = "2", description = "Period covered (default ${DEFAULT-VALUE})")
        double years;
        @Option(names = "--start", defaultValue = "2024-01-01", description = "First day (default ${DEFAULT-VALUE})")
        LocalDate startDate;
        @Option(names = "--ami-incidence", defaultValue = "0.057", description = "AMI within 30 days per chest-pain visit (default ${DEFAULT-VALUE})")
        double amiIncidence;
        @Option(names = "--noise", defaultValue = "typical", description = "none, typical or noisy (default ${DEFAULT-VALUE})")
        String noise;
        @Option(names = "--snr", description = "Scale the continuous noise to this SNR in dB (QRS 1 mV vs noise RMS)")
        Double snrDb;
        @Option(names = "--device-change-at", description = "Drift: from this date the hospitals use a new cart model (see --new-device)")
        LocalDate deviceChangeAt;
        @Option(names = "--new-device", defaultValue = "B", description = "B (1000 Hz, 100 Hz LP) or C (250 Hz, 40 Hz LP) (default ${DEFAULT-VALUE})")
        String newDevice;
        @Option(names = "--case-mix-shift-at", description = "Drift: from this date AMI incidence × --ami-factor and patients 5 years older")
        LocalDate caseMixShiftAt;
        @Option(names = "--ami-factor", defaultValue = "1.5", description = "AMI incidence factor after the case-mix shift (default ${DEFAULT-VALUE})")
        double amiFactor;

        CohortConfig config() {
            CohortConfig c = CohortConfig.defaults(seed, patients);
            NoiseProfile profile = switch (noise) {
                case "none" -> NoiseProfile.NONE;
                case "noisy" -> NoiseProfile.NOISY;
                default -> NoiseProfile.TYPICAL;
            };
            if (snrDb != null) {
                profile = profile.scaledTo(snrDb);
            }
            c = new CohortConfig(seed, patients, startDate.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    Duration.ofSeconds((long) (years * 365.25 * 86400)), c.hospitals(), c.visitsPerPatient(), c.chestPainFraction(),
                    amiIncidence, c.stemiFraction(), c.seconds(), c.device(), profile, c.afProbability(), c.pvcProbability(),
                    null, c.newDevice(), null, 1, c.labelDelayMin(), c.labelDelayMax(), c.activePatientLimit());
            Instant deviceAt = deviceChangeAt == null ? null : deviceChangeAt.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant shiftAt = caseMixShiftAt == null ? null : caseMixShiftAt.atStartOfDay(ZoneOffset.UTC).toInstant();
            return c.withDrift(deviceAt, newDevice.equalsIgnoreCase("C") ? Device.CART_C : Device.CART_B, shiftAt, amiFactor);
        }
    }

    /** {@code ./triage simulate feed}: play the cohort into a running platform. */
    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = "Play the cohort live: over MLLP (ADT^A04, ORU^R01, ADT^A03 with DG1) or onto Kafka as Avro events.")
    static final class Feed implements Callable<Integer> {
        @Mixin
        CohortOptions cohort;
        @Option(names = "--mllp", paramLabel = "HOST:PORT", description = "The ingest service's MLLP listener")
        String mllp;
        @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka bootstrap servers (needs --registry)")
        String kafka;
        @Option(names = "--registry", paramLabel = "URL", description = "Confluent-API schema registry base URL")
        String registry;
        @Option(names = "--rate", defaultValue = "0", description = "Events per second (open loop)")
        double rate;
        @Option(names = "--speedup", defaultValue = "0", description = "Simulated seconds per real second (instead of --rate)")
        double speedup;
        @Option(names = "--limit", defaultValue = "0", description = "Stop after this many events (0: the whole cohort)")
        long limit;

        @Override
        public Integer call() throws Exception {
            if ((mllp == null) == (kafka == null)) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give exactly one of --mllp HOST:PORT or --kafka BOOTSTRAP");
            }
            CohortFeed.Sink sink;
            if (mllp != null) {
                String[] hp = mllp.split(":");
                sink = CohortFeed.mllp(hp[0], Integer.parseInt(hp[1]));
            } else {
                if (registry == null) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--kafka needs --registry URL");
                }
                sink = CohortFeed.kafka(kafka, new Topics(new SchemaRegistryClient(registry), true));
            }
            long start = System.nanoTime();
            CohortFeed.Progress p;
            try (sink) {
                p = CohortFeed.play(new Cohort(cohort.config()), sink, rate, speedup, limit, System.out::println);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sent %d events (%d visits, %d ECGs, %d outcomes), %d refused, in %.1f s (%.1f events/s)%n",
                    p.sent(), p.visits(), p.ecgs(), p.outcomes(), p.refused(), seconds, (p.sent() + p.refused()) / seconds);
            return p.refused() == 0 ? 0 : 1;
        }
    }
}
