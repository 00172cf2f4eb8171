package org.edtriage.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a service reaches Kafka: the bootstrap servers and the site's client properties — TLS, SASL, config
 * providers — read from a Kafka client properties file (what {@code --command-config} takes), the same for every
 * producer, consumer, admin and Streams client of the service. The file holds no secret in a deployment: its
 * {@code sasl.jaas.config} points into a mounted Secret with Kafka's own config providers, e.g.
 * {@code ${dir:/etc/triage/kafka-user:sasl.jaas.config}}. Plaintext (no file) is the local stack's and the tests'.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {
    /** The service setting that names the client properties file. */
    public static final String PROPERTIES_SETTING = "triage.kafka.client-properties";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers");
        }
        clientProperties = Map.copyOf(clientProperties);
        if (clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("bootstrap.servers belongs in triage.kafka.bootstrap-servers, not in the client properties file");
        }
    }

    /** No TLS, no authentication: a broker on loopback. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** With the client properties of {@code file}, if one is given. */
    public static KafkaConnection of(String bootstrapServers, Optional<Path> file) {
        if (file.isEmpty()) {
            return plaintext(bootstrapServers);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file.get())) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka client properties " + file.get() + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> properties.put(k, p.getProperty(k)));
        return new KafkaConnection(bootstrapServers, properties);
    }

    /**
     * A client's configuration: the connection's, then the client's own settings. A client may not set what the site
     * set (its security would silently be replaced), which is a programming error.
     */
    public Map<String, Object> config(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        for (Map.Entry<String, ?> e : own.entrySet()) {
            if (config.containsKey(e.getKey())) {
                throw new IllegalArgumentException("a client may not override the connection's " + e.getKey());
            }
            config.put(e.getKey(), e.getValue());
        }
        return config;
    }

    /** Names the properties, never their values (a JAAS line can hold a password). */
    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + (clientProperties.isEmpty() ? ", plaintext" : ", " + new TreeMap<>(clientProperties).keySet()) + "]";
    }
}
