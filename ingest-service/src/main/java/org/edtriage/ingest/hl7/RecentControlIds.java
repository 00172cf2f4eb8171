package org.edtriage.ingest.hl7;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message control ids (per sending facility) recently accepted, so a re-sent message — an engine
 * that lost our AA retries — is acknowledged again without producing a second event. Bounded; a
 * duplicate older than the window, or arriving after a restart, is still recognisable downstream
 * because its ecgId is derived from facility and control id.
 */
public final class RecentControlIds {
    private final Map<String, Boolean> seen;

    public RecentControlIds(int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean contains(String key) {
        return seen.containsKey(key);
    }

    public synchronized void add(String key) {
        seen.put(key, Boolean.TRUE);
    }
}
