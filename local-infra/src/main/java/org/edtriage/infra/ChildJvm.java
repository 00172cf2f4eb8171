package org.edtriage.infra;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java process we started and own: its output goes to a log file, it dies with us
 * ({@link ParentWatch}), and {@link #close()} stops it gracefully (SIGTERM, so its shutdown hooks
 * run), escalating to SIGKILL only after a grace period.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the tail of the log when the process has died, so a failed start says why. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last log lines:\n" + logTail(40));
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, for fault tests: no shutdown hooks run. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Where {@link ParentWatch} was loaded from: a jar or a classes folder to put on a child's class path. */
    public static String parentWatchLocation() {
        try {
            return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final String name;
        private final List<String> classPath = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private Path log;
        private Path workDir;

        private Builder(String name) {
            this.name = name;
        }

        public Builder classPath(String entry) {
            classPath.add(entry);
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder main(String mainClass, String... args) {
            this.mainClass = mainClass;
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public ChildJvm start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            List<String> cp = new ArrayList<>(classPath);
            cp.add(parentWatchLocation());
            command.add("-cp");
            command.add(String.join(File.pathSeparator, cp));
            command.add(ParentWatch.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(mainClass);
            command.addAll(args);
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workDir != null) {
                Files.createDirectories(workDir);
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(environment);
            return new ChildJvm(name, builder.start(), log);
        }
    }
}
