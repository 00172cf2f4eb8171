package org.edtriage.model;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** The micro-batching rule shared by every batcher: a batch closes when full or {@code maxWait} after its first item. */
public final class Batches {
    private Batches() {
    }

    /**
     * Waits up to 100 ms for a first item, then adds items until {@code maxBatch} are in {@code into} or
     * {@code maxWaitNanos} have passed since the first.
     *
     * @return false when no first item came (the caller checks whether to stop, then calls again)
     */
    public static <T> boolean gather(BlockingQueue<T> queue, int maxBatch, long maxWaitNanos, List<T> into) throws InterruptedException {
        T first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        into.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (into.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            T next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            into.add(next);
        }
        return true;
    }
}
