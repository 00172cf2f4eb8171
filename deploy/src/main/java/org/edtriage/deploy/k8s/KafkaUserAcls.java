package org.edtriage.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The services' Kafka principals and ACLs as {@code deploy/k8s/base/kafka-users.yaml} declares them (Strimzi
 * {@code KafkaUser}s), turned into the bindings Strimzi's User Operator creates — so the local secure stack and the
 * tests grant exactly what the Kubernetes deployment grants, from the one file. The file's shape is checked against
 * Strimzi's own model classes in the test suite ({@code K8sManifestsTest}); here it is read as a tree.
 *
 * @param user the principal's name (User:NAME)
 */
public record KafkaUserAcls(String user, List<AclBinding> acls) {
    /** Where the Kafka users are declared, in the checkout. */
    public static final Path FILE = Path.of("deploy", "k8s", "base", "kafka-users.yaml");

    public static List<KafkaUserAcls> read(Path file) throws IOException {
        List<KafkaUserAcls> users = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file);
             MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
            while (documents.hasNext()) {
                JsonNode d = documents.next();
                if (d == null || !"KafkaUser".equals(d.path("kind").asText())) {
                    continue;
                }
                String user = d.path("metadata").path("name").asText();
                List<AclBinding> acls = new ArrayList<>();
                for (JsonNode rule : d.path("spec").path("authorization").path("acls")) {
                    JsonNode r = rule.path("resource");
                    ResourcePattern pattern = new ResourcePattern(resourceType(r.path("type").asText()), r.path("name").asText("kafka-cluster"),
                            "prefix".equals(r.path("patternType").asText("literal")) ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode op : rule.path("operations")) {
                        acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + user, rule.path("host").asText("*"),
                                operation(op.asText()), AclPermissionType.ALLOW)));
                    }
                }
                users.add(new KafkaUserAcls(user, List.copyOf(acls)));
            }
        }
        return users;
    }

    /** Strimzi writes Kafka's names in camel case: transactionalId → TRANSACTIONAL_ID, DescribeConfigs → DESCRIBE_CONFIGS. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static ResourceType resourceType(String strimzi) {
        ResourceType t = ResourceType.fromString(snake(strimzi));
        if (t == ResourceType.UNKNOWN || t == ResourceType.ANY) {
            throw new IllegalArgumentException("an ACL on a resource type Kafka does not know: '" + strimzi + "'");
        }
        return t;
    }

    private static AclOperation operation(String strimzi) {
        AclOperation o = AclOperation.fromString(snake(strimzi));
        if (o == AclOperation.UNKNOWN || o == AclOperation.ANY) {
            throw new IllegalArgumentException("an ACL operation Kafka does not know: '" + strimzi + "'");
        }
        return o;
    }
}
