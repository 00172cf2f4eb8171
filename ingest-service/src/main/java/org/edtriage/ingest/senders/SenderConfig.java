package org.edtriage.ingest.senders;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allow-list in configuration, one block per sender:
 * <pre>
 * triage.senders."adt-engine".facilities=GENERAL,NORTH-*
 * triage.senders."adt-engine".addresses=10.20.0.0/16
 * triage.senders."cart-gw".facilities=GENERAL
 * triage.senders."cart-gw".certificate=CN=cart-gateway,O=General Hospital
 * </pre>
 * A sender that uploads over HTTP signs in with the same name (quarkus.security.users.embedded.users."cart-gw").
 */
@ConfigMapping(prefix = "triage.senders")
public interface SenderConfig {
    @WithParentName
    Map<String, Entry> senders();

    interface Entry {
        List<String> facilities();

        Optional<List<String>> addresses();

        Optional<String> certificate();
    }

    default Senders toSenders() {
        Map<String, Senders.SenderSettings> settings = new java.util.TreeMap<>();
        senders().forEach((name, e) -> settings.put(name, new Senders.SenderSettings(e.facilities(),
                e.addresses().orElse(List.of()), e.certificate())));
        return Senders.of(settings);
    }
}
