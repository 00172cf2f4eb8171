package org.edtriage.deploy.cli;

import org.edtriage.deploy.k8s.KafkaTopicManifests;
import org.edtriage.schemas.Replication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What the Kubernetes deployment takes from the code: the topics of the catalogue as Strimzi resources. */
@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Kubernetes manifests generated from the code (deploy/k8s)",
        subcommands = {K8sCommand.TopicsCommand.class})
public final class K8sCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = "Write the KafkaTopics of the topic catalogue (replication 3, min.insync.replicas 2) to " + KafkaTopicManifests.FILE)
    static final class TopicsCommand implements Callable<Integer> {
        @Option(names = "--stdout", description = "Print instead of writing the file")
        boolean stdout;

        @Override
        public Integer call() throws IOException {
            String yaml = KafkaTopicManifests.yaml(Replication.CLUSTER);
            if (stdout) {
                System.out.print(yaml);
                return 0;
            }
            Path file = TriageCommand.home().resolve(KafkaTopicManifests.FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
