package org.edtriage.scoring.engine;

import org.edtriage.ecg.Ecg;
import org.edtriage.model.Batches;
import org.edtriage.scoring.model.LiveModel;
import org.edtriage.scoring.model.ModelRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Micro-batching inference across records and partitions: stream tasks {@link #submit} decoded ECGs and go
 * on; worker threads gather up to {@code maxBatch} of them or whatever came within {@code maxWait}, borrow
 * the champion once for the whole batch (so a model swap falls between batches, never inside one), prepare
 * every ECG to that model's contract, and score them in one call — with the shadow too, when one runs.
 *
 * <p>Exactly-once does not depend on this class: the stream task keeps every submitted ECG in a changelogged
 * store until it has forwarded the result, so anything in flight here when the process dies is submitted
 * again by whichever instance restores that store.
 */
public final class ScoringEngine implements EcgScoring, AutoCloseable {
    private record Job(Ecg ecg, long submittedNanos, CompletableFuture<Scored> result) {
    }

    private final ModelRegistry models;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final IntConsumer batchSizes;
    private volatile boolean closed;

    /**
     * @param batchSizes told the size of every batch run (metrics)
     */
    public ScoringEngine(ModelRegistry models, int maxBatch, Duration maxWait, int workers, int queueCapacity, IntConsumer batchSizes) {
        if (maxBatch < 1 || workers < 1 || queueCapacity < maxBatch) {
            throw new IllegalArgumentException("need maxBatch ≥ 1, workers ≥ 1 and a queue of at least one batch");
        }
        this.models = models;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSizes = batchSizes;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::run, "scoring-engine-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    public ModelRegistry models() {
        return models;
    }

    /** Queues one ECG; blocks while the queue is full (back-pressure on the stream thread). */
    @Override
    public CompletableFuture<Scored> submit(Ecg ecg) {
        CompletableFuture<Scored> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new EngineClosedException());
            return result;
        }
        try {
            queue.put(new Job(ecg, System.nanoTime(), result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        }
        return result;
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                if (!Batches.gather(queue, maxBatch, maxWaitNanos, batch)) {
                    continue;
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                batch.forEach(j -> j.result().completeExceptionally(e));
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                isolate(batch, e);
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Job> batch) {
        long started = System.nanoTime();
        Optional<LiveModel> borrowed = models.champion().borrow();
        if (borrowed.isEmpty()) {
            NoModelException none = new NoModelException();
            batch.forEach(j -> j.result().completeExceptionally(none));
            return;
        }
        LiveModel champion = borrowed.get();
        try {
            Prepared prepared = Prepared.of(batch.stream().map(Job::ecg).toList(), champion);
            float[] scores = prepared.score(champion);
            long inferred = System.nanoTime();
            float[] shadowScores = null;
            LiveModel shadow = models.shadow().borrow().orElse(null);
            if (shadow != null) {
                try {
                    shadowScores = Prepared.of(batch.stream().map(Job::ecg).toList(), shadow).scoreOrNull(shadow);
                } finally {
                    shadow.release();
                }
            }
            batchSizes.accept(prepared.valid());
            double inferenceMs = (inferred - prepared.preparedNanos()) / 1e6;
            for (int i = 0; i < batch.size(); i++) {
                Job job = batch.get(i);
                String rejection = prepared.rejection(i);
                if (rejection != null) {
                    job.result().complete(Scored.rejected(rejection));
                    continue;
                }
                Float shadowP = shadowScores == null || Float.isNaN(shadowScores[i]) ? null : shadowScores[i];
                job.result().complete(new Scored(scores[i], champion.info(), shadowP, shadow == null || shadowP == null ? null : shadow.info(),
                        prepared.preprocessMs(i), inferenceMs, (started - job.submittedNanos()) / 1e6, prepared.valid(), null));
            }
        } finally {
            champion.release();
        }
    }

    /**
     * A batch failed as a whole: score its ECGs one by one, so that one ECG the model cannot take fails alone
     * instead of taking its batch mates (from other visits and partitions) with it.
     */
    private void isolate(List<Job> batch, RuntimeException failure) {
        if (batch.size() == 1) {
            batch.get(0).result().completeExceptionally(failure);
            return;
        }
        for (Job job : batch) {
            try {
                runBatch(List.of(job));
            } catch (RuntimeException e) {
                job.result().completeExceptionally(e);
            }
        }
    }

    /** Stops taking ECGs, finishes what is queued, stops the workers; the models stay with the registry. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
