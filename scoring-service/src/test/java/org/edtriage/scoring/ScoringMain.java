package org.edtriage.scoring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;

/**
 * A scoring instance in a JVM of its own, for tests that must kill it with SIGKILL mid-stream.
 * Args: bootstrap-servers registry-url state-dir model-name application-id.
 */
public final class ScoringMain {
    public static void main(String[] args) throws Exception {
        ScoringSettings settings = ScoringSettings.defaults(args[0], args[2]).withApplicationId(args[4]);
        settings = new ScoringSettings(settings.kafka(), settings.applicationId(), settings.stateDir(), args[3], null, null, false,
                settings.maxBatch(), settings.maxWait(), settings.workers(), settings.streamThreads(), settings.commitInterval(), settings.window(),
                settings.warmUp(), settings.standbyReplicas());
        ScoringRuntime runtime = ScoringRuntime.start(settings, new Topics(new SchemaRegistryClient(args[1]), true), new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        String last = "";
        while (true) {
            String why = runtime.notReadyBecause();
            String now = why == null ? "READY" : "not ready: " + why;
            if (!now.equals(last)) {
                System.out.println(now);
                last = now;
            }
            Thread.sleep(100);
        }
    }
}
