package org.edtriage.infra;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness condition while checking that the process it waits for is still alive. */
final class Waiting {
    private Waiting() {
    }

    static void until(String what, Duration timeout, ChildJvm process, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            process.checkAlive();
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s; last log lines:\n" + process.logTail(40));
            }
            Thread.sleep(200);
        }
    }
}
