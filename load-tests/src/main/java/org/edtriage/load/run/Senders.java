package org.edtriage.load.run;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.deploy.feed.WfdbUploader;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.wfdb.WfdbWriter;
import org.edtriage.ingest.mllp.MllpClient;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.mapping.EcgEvents;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop senders: a dispatcher hands each arrival to a pool of workers at its intended time whether or not the
 * workers keep up (a backlog becomes latency, measured from the intended time). Each worker holds its own MLLP
 * connection, as an integration engine's outbound channels do. A sender retries what was not acknowledged (AR, 503,
 * a lost connection) with the same control id / record, as HL7 senders do, until {@code retry-for} after its due time;
 * an AE is final. With several ingest instances, workers spread their connections over them and a worker whose
 * instance stops answering moves to the next, as an engine with a fail-over list does (uploads likewise).
 */
final class Senders implements AutoCloseable {
    private final Scenario scenario;
    private final Workload workload;
    private final Ledger ledger;
    private final Topics topics;
    private final List<Integer> mllpPorts;
    private final List<WfdbUploader> uploaders;
    private final KafkaProducer<String, byte[]> producer;
    private final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    private final Thread[] workers;
    private volatile CountDownLatch pending = new CountDownLatch(0);
    private volatile boolean closed;

    /**
     * @param authorization the stack's sender (uploads sign in as it; its MLLP allow-list covers {@link Workload#FACILITY})
     * @param http          the stack's HTTP client (it trusts the stack's certificate in secure mode)
     */
    Senders(Scenario scenario, Workload workload, Ledger ledger, Topics topics, KafkaConnection kafka, List<Integer> mllpPorts,
            List<String> ingestUrls, String authorization, java.net.http.HttpClient http) {
        this.scenario = scenario;
        this.workload = workload;
        this.ledger = ledger;
        this.topics = topics;
        this.mllpPorts = List.copyOf(mllpPorts);
        this.uploaders = ingestUrls.stream().map(url -> new WfdbUploader(url, authorization, http)).toList();
        long retryMs = scenario.retryFor().toMillis();
        this.producer = new KafkaProducer<>(kafka.config(Map.of("acks", "all", "enable.idempotence", true,
                "linger.ms", 2, "compression.type", "lz4", "max.request.size", 8 * 1024 * 1024,
                "delivery.timeout.ms", (int) retryMs, "request.timeout.ms", 10_000, "max.block.ms", retryMs)),
                new StringSerializer(), new ByteArraySerializer());
        workers = new Thread[scenario.connections()];
        for (int w = 0; w < workers.length; w++) {
            int first = w;
            workers[w] = new Thread(() -> work(first), "load-sender-" + w);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    /**
     * Sends arrivals {@code from} (inclusive) to {@code to} at their intended times ({@code arrivals} offsets, shifted
     * so that {@code from} is due now), and returns when every one was answered or gave up.
     */
    void send(Arrivals arrivals, int from, int to, int arrivalOffset) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(to - from);
        pending = done;
        long startNanos = System.nanoTime();
        long startEpoch = System.currentTimeMillis();
        long base = arrivals.offsetNanos(from - arrivalOffset);
        for (int i = from; i < to; i++) {
            long offset = arrivals.offsetNanos(i - arrivalOffset) - base;
            long wait = startNanos + offset - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            ledger.intended.set(i, startEpoch + offset / 1_000_000);
            ledger.entry[i] = ledger.poison[i] != null ? ledger.poison[i].entry() : scenario.entryOf(i);
            queue.put(i);
        }
        long bound = scenario.retryFor().toMillis() + 60_000;
        if (!done.await(bound, TimeUnit.MILLISECONDS)) {
            ledger.error("sender still busy " + bound / 1000 + " s after the last arrival");
        }
    }

    /** A worker's connection and which ingest instance it is on (it moves to the next when that one fails). */
    private static final class Channel {
        MllpClient mllp;
        int instance;

        Channel(int instance) {
            this.instance = instance;
        }
    }

    private void work(int worker) {
        Channel mllp = new Channel(worker);
        while (!closed) {
            Integer i;
            try {
                i = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (i == null) {
                continue;
            }
            CountDownLatch done = pending;
            try {
                if (ledger.poison[i] != null) {
                    ledger.outcome[i] = poison(i, ledger.poison[i]);
                } else {
                    ledger.outcome[i] = valid(i, mllp);
                }
                ledger.acked.set(i, System.currentTimeMillis());
            } catch (Exception e) {
                ledger.outcome[i] = "failed: " + e;
                ledger.error("sender exception " + e.getClass().getSimpleName());
            } finally {
                done.countDown();
            }
        }
        close(mllp);
    }

    private String valid(int i, Channel mllp) throws Exception {
        Instant now = Instant.now();
        Ecg ecg = workload.ecg(i, now.minusSeconds(60));
        Instant arrival = now.minusSeconds(600);
        long deadline = ledger.intended.get(i) + scenario.retryFor().toMillis();
        switch (ledger.entry[i]) {
            case KAFKA -> {
                producer.send(new ProducerRecord<>(topics.edVisits.name(), "V" + workload.name(i),
                        topics.edVisits.serializeValue(workload.visitEvent(i, ecg, arrival)))).get();
                var event = EcgEvents.toEvent(ecg, new EcgEvents.Provenance("ecg-" + workload.name(i), "P" + workload.name(i),
                        "V" + workload.name(i), "load-kafka", workload.name(i), null, Instant.now()), List.of());
                producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), "P" + workload.name(i), topics.ecgRecorded.serializeValue(event))).get();
                ledger.attempts[i] = 1;
                return "accepted";
            }
            case MLLP -> {
                String r = mllpUntilAccepted(i, workload.registration(i, ecg, arrival), mllp, deadline);
                return r != null ? r : orElse(mllpUntilAccepted(i, workload.oru(i, ecg), mllp, deadline), "accepted");
            }
            default -> {
                String r = mllpUntilAccepted(i, workload.registration(i, ecg, arrival), mllp, deadline);
                return r != null ? r : orElse(httpUntilAccepted(i, workload.wfdb(ecg), mllp, deadline), "accepted");
            }
        }
    }

    private static String orElse(String a, String b) {
        return a != null ? a : b;
    }

    /** @return null when accepted (AA), else the final outcome */
    private String mllpUntilAccepted(int i, String message, Channel mllp, long deadline) throws InterruptedException {
        while (true) {
            ledger.attempts[i]++;
            String kind;
            try {
                if (mllp.mllp == null) {
                    mllp.mllp = new MllpClient("127.0.0.1", mllpPorts.get(mllp.instance % mllpPorts.size()), 30_000);
                }
                long sent = System.currentTimeMillis();
                String ack = mllp.mllp.send(message);
                String code = MllpClient.ackCode(ack);
                if (code.equals("AA")) {
                    return null;
                }
                ledger.refused(System.currentTimeMillis() - sent);
                if (code.equals("AE")) {
                    ledger.error("mllp AE");
                    return "rejected AE: " + ack.replace('\r', ' ');
                }
                kind = "mllp " + code;
            } catch (IOException e) {
                kind = "mllp " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("[0-9]+", "N"));
                close(mllp);
                mllp.instance++; // the next instance on the list
            }
            ledger.error(kind);
            if (System.currentTimeMillis() > deadline) {
                return "gave up after " + ledger.attempts[i] + " attempts: " + kind;
            }
            Thread.sleep(250);
        }
    }

    private String httpUntilAccepted(int i, WfdbWriter.WfdbFiles files, Channel channel, long deadline) throws InterruptedException {
        while (true) {
            ledger.attempts[i]++;
            String kind;
            try {
                WfdbUploader.Reply reply = uploaders.get(channel.instance % uploaders.size()).upload(workload.name(i), files.header(), files.data(), Workload.FACILITY, "P" + workload.name(i), "V" + workload.name(i));
                if (reply.accepted()) {
                    return null;
                }
                if (reply.status() / 100 == 4) {
                    ledger.error("http " + reply.status());
                    return "rejected HTTP " + reply.status() + ": " + reply.body();
                }
                kind = "http " + reply.status();
            } catch (IOException e) {
                kind = "http " + e.getClass().getSimpleName();
                channel.instance++;
            }
            ledger.error(kind);
            if (System.currentTimeMillis() > deadline) {
                return "gave up after " + ledger.attempts[i] + " attempts: " + kind;
            }
            Thread.sleep(250);
        }
    }

    private String poison(int i, Poison kind) throws Exception {
        ledger.attempts[i] = 1;
        switch (kind) {
            case GARBAGE_MLLP, ABSURD_FIELD -> {
                byte[] bytes = kind == Poison.GARBAGE_MLLP ? Poison.garbage(i)
                        : Poison.ascii(Poison.absurd(workload.oru(i, workload.ecg(i, Instant.now()))));
                try (MllpClient client = new MllpClient("127.0.0.1", mllpPorts.get(0), 60_000)) {
                    return "refused " + MllpClient.ackCode(client.send(bytes));
                }
            }
            case TRUNCATED_WFDB -> {
                WfdbWriter.WfdbFiles files = workload.wfdb(workload.ecg(i, Instant.now()));
                WfdbUploader.Reply reply = uploaders.get(0).upload(workload.name(i), files.header(),
                        Arrays.copyOf(files.data(), files.data().length / 2), Workload.FACILITY, "P" + workload.name(i), null);
                return "refused HTTP " + reply.status();
            }
            default -> {
                // a well-framed event of the wrong record type (EdVisit's schema id) where EcgRecorded belongs
                Ecg ecg = workload.ecg(i, Instant.now());
                producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), "P" + workload.name(i),
                        topics.edVisits.serializeValue(workload.visitEvent(i, ecg, Instant.now())))).get();
                return "refused (produced; scoring must dead-letter it)";
            }
        }
    }

    private static void close(Channel channel) {
        if (channel.mllp != null) {
            try {
                channel.mllp.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
            channel.mllp = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (Thread w : workers) {
            w.join(5_000);
        }
        producer.close(Duration.ofSeconds(10));
    }
}
