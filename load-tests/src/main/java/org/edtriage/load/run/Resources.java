package org.edtriage.load.run;

import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.deploy.stack.QuarkusService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Once a second: CPU (share of one core, from the process's accumulated CPU time), resident memory (/proc) and, for
 * our Quarkus services, JVM heap in use (their Prometheus endpoint) of every process of the stack and of the load
 * generator itself. Processes restarted by a fault are followed by pid.
 */
final class Resources implements AutoCloseable {
    /** One sample: seconds since start, process, CPU % of one core, RSS MiB, heap MiB (-1 when not known). */
    record Sample(double t, String process, double cpuPercent, double rssMiB, double heapMiB) {
    }

    private final LocalStack stack;
    private final long start = System.nanoTime();
    private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, long[]> lastCpu = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread thread = new Thread(this::run, "load-resources");
    private volatile boolean closed;

    Resources(LocalStack stack) {
        this.stack = stack;
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, QuarkusService> services = new HashMap<>();
        for (var node : stack.kafka().nodes()) {
            pids.put(stack.kafka().nodes().size() == 1 ? "kafka-broker" : "kafka-node-" + node.nodeId(), pid(node.process()));
        }
        pids.put("schema-registry", pid(stack.registry().process()));
        for (QuarkusService s : List.of(stack.ingest(), stack.scoring(), stack.training())) {
            pids.put(s.name(), pid(s.process()));
            services.put(s.name(), s);
        }
        pids.put("load-generator", ProcessHandle.current().pid());
        double t = (System.nanoTime() - start) / 1e9;
        pids.forEach((name, pid) -> {
            if (pid < 0) {
                return;
            }
            var handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                samples.add(new Sample(t, name, 0, 0, -1));
                return;
            }
            long cpuNanos = handle.get().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            long now = System.nanoTime();
            long[] last = lastCpu.put(pid, new long[]{cpuNanos, now});
            double cpu = last == null ? 0 : 100.0 * (cpuNanos - last[0]) / Math.max(1, now - last[1]);
            double heap = services.containsKey(name) ? heapMiB(services.get(name))
                    : name.equals("load-generator") ? (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0 : -1;
            samples.add(new Sample(t, name, cpu, rssMiB(pid), heap));
        });
    }

    private static long pid(org.edtriage.infra.ChildJvm p) {
        return p == null ? -1 : p.pid();
    }

    private static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux, or gone
        }
        return -1;
    }

    private double heapMiB(QuarkusService s) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.managementUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum / 1048576.0;
        } catch (Exception e) {
            return -1;
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(5_000);
    }
}
