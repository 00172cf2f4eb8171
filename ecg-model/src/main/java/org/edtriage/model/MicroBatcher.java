package org.edtriage.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gathers single ECGs from many callers into batches for a thread-safe {@link EcgScorer}: a batch goes
 * out when it holds {@code maxBatch} inputs or {@code maxWait} after its first input arrived, whichever
 * comes first. Batching is where CPU and GPU inference get their throughput (one call of 32 costs far
 * less than 32 calls of one); the wait bounds what it adds to an ECG's latency. {@link #submit} blocks
 * when {@code queueCapacity} inputs are already waiting: back-pressure, never an unbounded queue.
 */
public final class MicroBatcher implements AutoCloseable {
    private record Request(float[][] input, CompletableFuture<Float> result) {
    }

    private final EcgScorer scorer;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Request> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private final LongAdder batches = new LongAdder();
    private final LongAdder scored = new LongAdder();
    private final AtomicLong largestBatch = new AtomicLong();

    /**
     * @param workers threads that run batches; more than the scorer's predictor pool only queues
     */
    public MicroBatcher(EcgScorer scorer, int maxBatch, Duration maxWait, int workers, int queueCapacity) {
        if (maxBatch < 1 || workers < 1 || queueCapacity < maxBatch) {
            throw new IllegalArgumentException("need maxBatch ≥ 1, workers ≥ 1 and a queue of at least one batch");
        }
        this.scorer = scorer;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::run, "micro-batcher-" + scorer.modelName() + "-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    /** Queues one prepared input; the future completes with its probability, or with the batch's failure. */
    public CompletableFuture<Float> submit(float[][] input) {
        CompletableFuture<Float> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("micro-batcher is closed"));
            return result;
        }
        try {
            queue.put(new Request(input, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Scores many inputs through the batcher and waits for all (convenience for callers with a list). */
    public float[] scoreAll(List<float[][]> inputs) {
        List<CompletableFuture<Float>> futures = inputs.stream().map(this::submit).toList();
        float[] out = new float[futures.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = futures.get(i).join();
        }
        return out;
    }

    public long batches() {
        return batches.sum();
    }

    public long scored() {
        return scored.sum();
    }

    public long largestBatch() {
        return largestBatch.get();
    }

    private void run() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                if (!Batches.gather(queue, maxBatch, maxWaitNanos, batch)) {
                    continue;
                }
                score(batch);
            } catch (InterruptedException e) {
                fail(batch, e);
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void score(List<Request> batch) {
        try {
            float[] scores = scorer.score(batch.stream().map(Request::input).toList());
            // counters first: a caller that sees its result also sees the batch counted
            batches.increment();
            scored.add(batch.size());
            largestBatch.accumulateAndGet(batch.size(), Math::max);
            for (int i = 0; i < scores.length; i++) {
                batch.get(i).result().complete(scores[i]);
            }
        } catch (RuntimeException e) {
            fail(batch, e);
        }
    }

    private static void fail(List<Request> batch, Throwable e) {
        batch.forEach(r -> r.result().completeExceptionally(e));
    }

    /** Stops taking inputs, scores what is queued, then stops the workers (the scorer is not closed). */
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
