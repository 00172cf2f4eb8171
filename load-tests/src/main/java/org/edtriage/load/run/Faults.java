package org.edtriage.load.run;

import org.edtriage.deploy.stack.LocalStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Injects a scenario's fault into the running stack at its time, on a thread of its own, and notes what it did when. */
final class Faults implements AutoCloseable {
    /** Something the fault did, at epoch millis. */
    record Event(long at, String what) {
    }

    private final List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile Exception failure;

    Faults(Scenario s, LocalStack stack, Consumer<String> progress) {
        thread = new Thread(() -> {
            try {
                Thread.sleep(s.faultAt().toMillis());
                inject(s, stack, progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
                note(progress, "fault injection failed: " + e);
            }
        }, "load-fault");
        thread.setDaemon(true);
        if (s.fault() != Scenario.Fault.NONE && s.fault() != Scenario.Fault.POISON) {
            thread.start();
        }
    }

    private void inject(Scenario s, LocalStack stack, Consumer<String> progress) throws Exception {
        switch (s.fault()) {
            case BROKER_STOP -> {
                note(progress, "stopping the Kafka broker for " + s.faultLength().toSeconds() + " s");
                stack.broker().stop();
                note(progress, "broker stopped");
                Thread.sleep(s.faultLength().toMillis());
                stack.broker().restart();
                note(progress, "broker restarted and answering");
            }
            case BROKER_KILL -> {
                var victim = stack.kafka().leaderOfMost(stack.topics().ecgRecorded.name());
                note(progress, "SIGKILL Kafka node " + victim.nodeId() + " (pid " + victim.process().pid() + "), the leader of most ecg.recorded "
                        + "partitions, for " + s.faultLength().toSeconds() + " s");
                victim.kill();
                Thread.sleep(s.faultLength().toMillis());
                victim.restart();
                note(progress, "Kafka node " + victim.nodeId() + " restarted and answering");
            }
            case SCORING_KILL -> {
                note(progress, "SIGKILL scoring-service (pid " + stack.scoring().process().pid() + ")");
                stack.killAndRestart("scoring-service", Duration.ofSeconds(180));
                note(progress, "scoring-service restarted and ready (pid " + stack.scoring().process().pid() + ")");
            }
            case INGEST_KILL -> {
                note(progress, "SIGKILL ingest-service (pid " + stack.ingest().process().pid() + ") with messages in flight");
                stack.killAndRestart("ingest-service", Duration.ofSeconds(120));
                note(progress, "ingest-service restarted and ready (pid " + stack.ingest().process().pid() + ")");
            }
            case SCORING_FAILOVER -> failover(s, stack, org.edtriage.deploy.stack.LocalStack.instanceName("scoring-service", 2),
                    "the other instance takes over its partitions from its standby copy", progress);
            case INGEST_FAILOVER -> failover(s, stack, "ingest-service",
                    "its MLLP senders reconnect to the other instance and re-send what got no AA", progress);
            case MODEL_RELEASE -> {
                note(progress, "releasing a new model version under load");
                var d = stack.releasePlaceholder(7);
                note(progress, "released " + d.model() + " " + d.version() + " (" + d.architecture() + ")");
            }
            default -> {
            }
        }
    }

    /** One of two instances SIGKILLed and left down for the fault's length while the other carries the load, then restarted. */
    private void failover(Scenario s, LocalStack stack, String instance, String expected, Consumer<String> progress) throws Exception {
        note(progress, "SIGKILL " + instance + " (pid " + stack.instance(instance).process().pid() + ") for " + s.faultLength().toSeconds()
                + " s: " + expected);
        stack.kill(instance);
        Thread.sleep(s.faultLength().toMillis());
        stack.restart(instance, Duration.ofSeconds(180));
        note(progress, instance + " restarted and ready (pid " + stack.instance(instance).process().pid() + ")");
    }

    private void note(Consumer<String> progress, String what) {
        events.add(new Event(System.currentTimeMillis(), what));
        progress.accept("  fault: " + what);
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits for the fault to have run its course (a restart takes its time). */
    void await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    Exception failure() {
        return failure;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
