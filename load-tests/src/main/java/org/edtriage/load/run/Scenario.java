package org.edtriage.load.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A named load configuration: the arrival shape (steady, ramp, burst, soak), the entry points and their mix, the
 * model architecture, and at most one fault. Read from {@code scenarios/NAME.properties} on the class path (or a
 * file), with {@code key=value} overrides from the command line, so every figure can be re-run as it was made.
 */
public record Scenario(String name, String description, Shape shape, double rate, Duration duration, Duration warmup,
                       double rampStart, double rampStep, double rampMax, Duration rampStepLength, long boundMillis,
                       double burstFactor, Duration burstAt, Duration burstLength,
                       Map<Entry, Integer> mix, int connections, String architecture,
                       Fault fault, Duration faultAt, Duration faultLength, int poisonEvery, Duration drain, Duration retryFor, int brokers,
                       int replicas, boolean secure) {

    public enum Shape { STEADY, RAMP, BURST, SOAK }

    /** Where an ECG enters the platform. */
    public enum Entry { MLLP, HTTP, KAFKA }

    public enum Fault { NONE, BROKER_STOP, BROKER_KILL, SCORING_KILL, INGEST_KILL, SCORING_FAILOVER, INGEST_FAILOVER, POISON, MODEL_RELEASE }

    public static final List<String> BUILT_IN = List.of("steady", "ramp", "burst", "soak", "broker-stop", "broker-kill", "scoring-kill",
            "ingest-kill", "scoring-failover", "ingest-failover", "poison", "model-release", "smoke-steady", "smoke-poison", "smoke-secure");

    /** A built-in scenario by name, or a .properties file by path; then the overrides. */
    public static Scenario load(String nameOrFile, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        Path file = Path.of(nameOrFile);
        String name;
        if (nameOrFile.endsWith(".properties") && Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            name = file.getFileName().toString().replace(".properties", "");
        } else {
            try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + nameOrFile + ".properties")) {
                if (in == null) {
                    throw new IllegalArgumentException("no scenario '" + nameOrFile + "': built in are " + BUILT_IN
                            + ", or give a path to a .properties file");
                }
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            name = nameOrFile;
        }
        overrides.forEach(p::setProperty);
        return of(name, p);
    }

    static Scenario of(String name, Properties p) {
        Map<Entry, Integer> mix = new LinkedHashMap<>();
        for (String part : p.getProperty("mix", "mllp:1").split(",")) {
            String[] kv = part.trim().split(":");
            mix.put(Entry.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1);
        }
        Scenario s = new Scenario(name, p.getProperty("description", ""),
                Shape.valueOf(p.getProperty("shape", "steady").toUpperCase(Locale.ROOT)),
                dbl(p, "rate", 10), dur(p, "duration", "PT60S"), dur(p, "warmup", "PT10S"),
                dbl(p, "ramp.start", 5), dbl(p, "ramp.step", 5), dbl(p, "ramp.max", 200), dur(p, "ramp.step-length", "PT30S"),
                Long.parseLong(p.getProperty("bound-ms", "1000")),
                dbl(p, "burst.factor", 10), dur(p, "burst.at", "PT30S"), dur(p, "burst.length", "PT30S"),
                mix, Integer.parseInt(p.getProperty("connections", "8")), p.getProperty("architecture", "cnn20k"),
                Fault.valueOf(p.getProperty("fault", "none").toUpperCase(Locale.ROOT).replace('-', '_')),
                dur(p, "fault.at", "PT20S"), dur(p, "fault.length", "PT30S"), Integer.parseInt(p.getProperty("poison.every", "10")),
                dur(p, "drain", "PT180S"), dur(p, "retry-for", "PT180S"), Integer.parseInt(p.getProperty("brokers", "1")),
                Integer.parseInt(p.getProperty("replicas", "1")), Boolean.parseBoolean(p.getProperty("secure", "false")));
        s.validate();
        return s;
    }

    private void validate() {
        if (rate <= 0 || rate > 5_000 || rampMax > 5_000) {
            throw new IllegalArgumentException("rate must be in (0, 5000] ECG/s");
        }
        if (duration.isNegative() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("duration must be at most 24 h (every loop is bounded)");
        }
        if (connections < 1 || connections > 256) {
            throw new IllegalArgumentException("connections must be 1..256");
        }
        if (brokers != 1 && brokers < 3) {
            throw new IllegalArgumentException("brokers must be 1, or 3 and more (two cannot keep a quorum through a failure)");
        }
        if (fault == Fault.BROKER_KILL && brokers < 3) {
            throw new IllegalArgumentException("broker-kill needs a cluster (brokers=3): killing the only broker is broker-stop without the shutdown");
        }
        if (replicas < 1 || replicas > org.edtriage.schemas.Topics.DEFAULT_PARTITIONS) {
            throw new IllegalArgumentException("replicas must be 1.." + org.edtriage.schemas.Topics.DEFAULT_PARTITIONS
                    + " (instances of ingest and of scoring; no more scoring instances than partitions)");
        }
        if ((fault == Fault.SCORING_FAILOVER || fault == Fault.INGEST_FAILOVER) && replicas < 2) {
            throw new IllegalArgumentException(fault.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " needs a second instance to take over (replicas=2)");
        }
        if (secure && brokers != 1) {
            throw new IllegalArgumentException("secure=true runs one Kafka node (brokers=1)");
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("mix needs at least one entry with a positive weight");
        }
    }

    /** The rate steps of a ramp (one step for the other shapes). */
    public List<Double> steps() {
        if (shape != Shape.RAMP) {
            return List.of(rate);
        }
        List<Double> out = new ArrayList<>();
        for (double r = rampStart; r <= rampMax + 1e-9; r += rampStep) {
            out.add(r);
        }
        return out;
    }

    /** The entry of the i-th arrival: weighted round robin over the mix. */
    public Entry entryOf(long i) {
        int total = mix.values().stream().mapToInt(Integer::intValue).sum();
        long slot = Math.floorMod(i, (long) total);
        for (var e : mix.entrySet()) {
            if (slot < e.getValue()) {
                return e.getKey();
            }
            slot -= e.getValue();
        }
        throw new IllegalStateException();
    }

    private static double dbl(Properties p, String k, double d) {
        return Double.parseDouble(p.getProperty(k, Double.toString(d)));
    }

    private static Duration dur(Properties p, String k, String d) {
        return Duration.parse(p.getProperty(k, d));
    }
}
