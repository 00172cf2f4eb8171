package org.edtriage.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The micro-batching rule the scoring engine runs on: a batch closes when full or {@code maxWait} after its first item. */
class BatchesTest {
    private static final long LONG_WAIT = Duration.ofSeconds(20).toNanos();

    @Test
    void aBatchFillsToMaxInArrivalOrderWithoutWaitingOutMaxWait() throws Exception {
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>(IntStream.range(0, 20).boxed().toList());
        List<List<Integer>> batches = new ArrayList<>();
        long started = System.nanoTime();
        for (int b = 0; b < 2; b++) {
            List<Integer> batch = new ArrayList<>();
            assertTrue(Batches.gather(queue, 8, LONG_WAIT, batch));
            batches.add(batch);
        }
        assertTrue(System.nanoTime() - started < LONG_WAIT / 2, "a full batch goes at once, not after maxWait");
        assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5, 6, 7), List.of(8, 9, 10, 11, 12, 13, 14, 15)), batches);
        assertEquals(4, queue.size(), "what did not fit waits for the next batch");
    }

    @Test
    void aLoneItemLeavesAfterMaxWait() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(List.of("alone"));
        long maxWait = Duration.ofMillis(50).toNanos();
        List<String> batch = new ArrayList<>();
        long started = System.nanoTime();
        assertTrue(Batches.gather(queue, 32, maxWait, batch));
        long took = System.nanoTime() - started;
        assertEquals(List.of("alone"), batch);
        assertTrue(took >= maxWait, "it waited maxWait for company: " + took / 1_000_000 + " ms");
        assertTrue(took < LONG_WAIT / 2, "and then went alone: " + took / 1_000_000 + " ms");
    }

    @Test
    void anItemArrivingWithinMaxWaitJoinsTheBatch() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(List.of("first"));
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(20);
                queue.put("second");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.start();
        List<String> batch = new ArrayList<>();
        long started = System.nanoTime();
        assertTrue(Batches.gather(queue, 2, LONG_WAIT, batch));
        late.join();
        assertEquals(List.of("first", "second"), batch);
        assertTrue(System.nanoTime() - started < LONG_WAIT / 2, "full with the second item: it goes then");
    }

    @Test
    void anEmptyQueueGivesNoBatch() throws Exception {
        List<Object> batch = new ArrayList<>();
        assertFalse(Batches.gather(new LinkedBlockingQueue<>(), 8, LONG_WAIT, batch));
        assertEquals(List.of(), batch);
    }
}
