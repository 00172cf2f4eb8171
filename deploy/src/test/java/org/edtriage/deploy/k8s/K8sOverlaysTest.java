package org.edtriage.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dev and prod overlays (and the GPU component) as a cluster would get them: rendered by Kustomize itself
 * ({@code kubectl kustomize}), every rendered document parsed into its model class. Skipped, by name, where kubectl
 * is not installed; the base and every patch are parsed by {@link K8sManifestsTest} regardless.
 */
class K8sOverlaysTest {

    @Test
    void devRendersTheWholeTopologyInItsNamespaceOnSmallDisks() throws Exception {
        List<HasMetadata> dev = render(Path.of("k8s/overlays/dev"));
        assertTrue(dev.stream().allMatch(r -> "triage-dev".equals(r.getMetadata().getNamespace())), "every resource in triage-dev");
        assertEquals(Manifests.resourcesUnder(K8sManifestsTest.BASE).size(), dev.size(), "the overlay drops nothing from the base");
        KafkaNodePool nodes = Manifests.named(dev, KafkaNodePool.class, "nodes");
        assertEquals(3, nodes.getSpec().getReplicas(), "fail-over is what a test cluster must test");
        assertEquals(2, Manifests.named(dev, Deployment.class, "scoring").getSpec().getReplicas());
    }

    @Test
    void prodExposesMllpKeepingTheSendersAddressAndNamesTheSitesImages() throws Exception {
        List<HasMetadata> prod = render(Path.of("k8s/overlays/prod"));
        Service mllp = Manifests.named(prod, Service.class, "ingest-mllp");
        assertEquals("LoadBalancer", mllp.getSpec().getType());
        assertEquals("Local", mllp.getSpec().getExternalTrafficPolicy(), "the sender allow-list sees the engine's address");
        for (Deployment d : Manifests.ofKind(prod, Deployment.class)) {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            if (!d.getMetadata().getName().equals("schema-registry")) {
                assertTrue(image.startsWith("registry.example-hospital.org/edtriage/") && image.endsWith(":0.1.0-SNAPSHOT"), image);
            }
        }
    }

    @Test
    void theGpuComponentPutsTrainingOnAGpuNodeKeepingItsOtherResources() throws Exception {
        // Kustomize takes relative paths only: a site's own overlay beside the project's, as an operator would write it
        Path dir = Files.createDirectories(Path.of("target/k8s-gpu-site"));
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../k8s/overlays/prod
                components:
                  - ../../k8s/components/gpu-training
                images:
                  - name: registry.example-hospital.org/edtriage/training-service
                    newTag: 0.1.0-SNAPSHOT-cuda
                """);
        Deployment training = Manifests.named(render(dir), Deployment.class, "training");
        var pod = training.getSpec().getTemplate().getSpec();
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertEquals("1", pod.getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu").toString());
        assertTrue(pod.getContainers().get(0).getImage().endsWith("-cuda"), pod.getContainers().get(0).getImage());
        assertNotNull(pod.getContainers().get(0).getResources().getLimits().get("memory"), "the patch merges into the base's resources");
    }

    private static List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
        Assumptions.assumeTrue(kubectl(), "kubectl is not installed: the overlays are not rendered (the base and patches are still parsed)");
        Process p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + kustomization + ": " + err);
        List<HasMetadata> resources = new ArrayList<>();
        for (var doc : Manifests.documents(new StringReader(new String(out, StandardCharsets.UTF_8)))) {
            resources.add(Manifests.parse(doc, kustomization + " (rendered)"));
        }
        return resources;
    }

    private static boolean kubectl() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
