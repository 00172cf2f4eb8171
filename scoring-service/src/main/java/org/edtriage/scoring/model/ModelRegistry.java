package org.edtriage.scoring.model;

import org.edtriage.model.EcgScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.scoring.streams.AlertPolicy;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The models this scoring instance runs: the champion (its scores raise alerts) and optionally a shadow
 * (scored beside it, never alerting). A release is installed only after every check passed — artifact
 * reachable, SHA-256 as released, architecture as released, thresholds sane, not an untrained network
 * unless demos allow it, and a smoke inference giving a probability; otherwise it is refused with the reason
 * and whatever ran before keeps running.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final int HISTORY = 50;
    /** The first round pays PyTorch's first-call costs; a second settles what the first left (measured: later rounds are flat). */
    private static final int WARM_UP_ROUNDS = 2;

    public record Refusal(String model, String version, String reason, Instant at) {
    }

    public record Swap(String role, String from, String to, Instant at) {
    }

    public enum Outcome { INSTALLED, ALREADY_RUNNING, NOT_OURS, REFUSED }

    private final String championName;
    private final String shadowName;
    private final boolean allowPlaceholder;
    private final int predictorPool;
    private final int warmUpBatch;
    private final Clock clock;
    private final ModelSlot champion = new ModelSlot("champion");
    private final ModelSlot shadow = new ModelSlot("shadow");
    private final Deque<Refusal> refusals = new ArrayDeque<>();
    private final Deque<Swap> swaps = new ArrayDeque<>();
    private final List<Consumer<Swap>> swapListeners = new CopyOnWriteArrayList<>();
    private long swapCount;
    private long refusalCount;

    /**
     * @param shadowName model name whose releases run in shadow; null for none
     * @param predictorPool DJL predictors per model (one per batch worker is enough)
     * @param warmUpBatch the largest batch the engine gathers: a release is warmed up to it before it takes traffic; 0 for no warm-up
     */
    public ModelRegistry(String championName, String shadowName, boolean allowPlaceholder, int predictorPool, int warmUpBatch, Clock clock) {
        if (championName.equals(shadowName)) {
            throw new IllegalArgumentException("the shadow model must have another name than the champion (" + championName + ")");
        }
        this.championName = championName;
        this.shadowName = shadowName;
        this.allowPlaceholder = allowPlaceholder;
        this.predictorPool = predictorPool;
        this.warmUpBatch = warmUpBatch;
        this.clock = clock;
    }

    public String championName() {
        return championName;
    }

    public Optional<String> shadowName() {
        return Optional.ofNullable(shadowName);
    }

    public ModelSlot champion() {
        return champion;
    }

    public ModelSlot shadow() {
        return shadow;
    }

    public void onSwap(Consumer<Swap> listener) {
        swapListeners.add(listener);
    }

    /** Whether releases of this model name concern this instance. */
    public boolean wants(String modelName) {
        return championName.equals(modelName) || modelName.equals(shadowName);
    }

    /** Verifies, loads, warms up and swaps in a release, or refuses it; never throws for a bad release. */
    public synchronized Outcome offer(ModelRelease release) {
        String name = release.getModelName();
        if (!wants(name)) {
            return Outcome.NOT_OURS;
        }
        ModelSlot slot = championName.equals(name) ? champion : shadow;
        Optional<ModelInfo> running = slot.info();
        if (running.isPresent() && running.get().version().equals(release.getSha256())) {
            return Outcome.ALREADY_RUNNING;
        }
        LiveModel loaded;
        try {
            loaded = load(release);
        } catch (RefusedRelease e) {
            refuse(release, e.getMessage());
            return Outcome.REFUSED;
        }
        slot.swap(loaded);
        Swap swap = new Swap(slot.role(), running.map(i -> i.name() + "@" + i.release()).orElse(null),
                name + "@" + release.getVersion(), clock.instant());
        remember(swaps, swap);
        swapCount++;
        LOG.infof("%s is now %s release %s (%s, SHA-256 %s)%s", slot.role(), name, release.getVersion(), release.getArchitecture(),
                release.getSha256(), loaded.info().placeholder() ? " — an UNTRAINED placeholder network: scores carry no clinical meaning" : "");
        swapListeners.forEach(l -> l.accept(swap));
        return Outcome.INSTALLED;
    }

    private LiveModel load(ModelRelease r) throws RefusedRelease {
        Path dir;
        try {
            URI uri = URI.create(r.getArtifactUri());
            if (!"file".equals(uri.getScheme())) {
                throw new RefusedRelease("artifact " + r.getArtifactUri() + ": scheme '" + uri.getScheme() + "' is not supported (file: only)");
            }
            dir = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new RefusedRelease("artifact URI " + r.getArtifactUri() + " is not a valid URI: " + e.getMessage());
        }
        double ruleOut = r.getThresholds().getRuleOut();
        double ruleIn = r.getThresholds().getRuleIn();
        if (!(ruleOut >= 0 && ruleOut <= ruleIn && ruleIn <= 1)) {
            throw new RefusedRelease("thresholds rule-out " + ruleOut + " / rule-in " + ruleIn + " are not 0 ≤ rule-out ≤ rule-in ≤ 1");
        }
        EcgScorer scorer;
        try {
            scorer = Scorers.fromCheckpoint(dir, predictorPool);
        } catch (CheckpointException | RuntimeException e) {
            throw new RefusedRelease("checkpoint " + dir + " cannot be loaded: " + e.getMessage());
        }
        try {
            if (!scorer.modelVersion().equals(r.getSha256())) {
                throw new RefusedRelease("SHA-256 of " + dir + " is " + scorer.modelVersion() + ", the release says " + r.getSha256());
            }
            if (!scorer.architecture().equals(r.getArchitecture())) {
                throw new RefusedRelease("checkpoint is a " + scorer.architecture() + ", the release says " + r.getArchitecture());
            }
            boolean placeholder;
            try {
                placeholder = org.edtriage.model.checkpoint.Checkpoint.readVerifiedManifest(dir).trainingData() == null;
            } catch (CheckpointException e) {
                throw new RefusedRelease("manifest of " + dir + ": " + e.getMessage());
            }
            if (placeholder && !allowPlaceholder) {
                throw new RefusedRelease("an untrained network (no training data in its manifest); only demos may run one "
                        + "(triage.scoring.allow-placeholder-models=true)");
            }
            try {
                scorer.smokeTest();
            } catch (RuntimeException e) {
                throw new RefusedRelease("smoke inference failed: " + e.getMessage());
            }
            if (warmUpBatch > 0) {
                try {
                    EcgScorer.WarmUp w = scorer.warmUp(warmUpBatch, WARM_UP_ROUNDS);
                    LOG.infof("warmed up %s release %s before it takes traffic: %d batches of 1 to %d ECGs in %.1f s (first round %.0f ms, last %.0f ms)",
                            r.getModelName(), r.getVersion(), w.batches(), warmUpBatch, w.totalNanos() / 1e9, w.firstRoundNanos() / 1e6,
                            w.lastRoundNanos() / 1e6);
                } catch (RuntimeException e) {
                    throw new RefusedRelease("warm-up inference failed: " + e.getMessage());
                }
            }
            Map<String, Double> metrics = new java.util.TreeMap<>();
            r.getMetrics().forEach((k, v) -> metrics.put(k, v.getValue()));
            ModelInfo info = new ModelInfo(r.getModelName(), r.getVersion(), r.getSha256(), r.getArchitecture(),
                    new AlertPolicy(ruleOut, ruleIn), placeholder, metrics, r.getArtifactUri(), r.getReleasedAt(), clock.instant(), r.getDecision());
            return new LiveModel(info, scorer);
        } catch (RefusedRelease | RuntimeException e) {
            scorer.close();
            throw e instanceof RefusedRelease rr ? rr : new RefusedRelease(e.toString());
        }
    }

    /** Records a release that could not even be read (e.g. an undecodable event). */
    public synchronized void refuse(String model, String version, String reason) {
        Refusal refusal = new Refusal(model, version, reason, clock.instant());
        remember(refusals, refusal);
        refusalCount++;
        LOG.warnf("release %s of %s REFUSED: %s; %s", version, model, reason,
                champion.info().map(i -> "still running " + i.name() + "@" + i.release()).orElse("no model running: scoring is not ready"));
    }

    private void refuse(ModelRelease r, String reason) {
        refuse(r.getModelName(), r.getVersion(), reason);
    }

    public synchronized List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    public synchronized List<Swap> swaps() {
        return List.copyOf(swaps);
    }

    public synchronized long swapCount() {
        return swapCount;
    }

    public synchronized long refusalCount() {
        return refusalCount;
    }

    private static <T> void remember(Deque<T> log, T entry) {
        log.addLast(entry);
        while (log.size() > HISTORY) {
            log.removeFirst();
        }
    }

    @Override
    public void close() {
        champion.swap(null);
        shadow.swap(null);
    }

    static final class RefusedRelease extends Exception {
        RefusedRelease(String reason) {
            super(reason);
        }
    }
}
