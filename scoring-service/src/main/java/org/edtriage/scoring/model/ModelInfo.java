package org.edtriage.scoring.model;

import org.edtriage.scoring.streams.AlertPolicy;

import java.time.Instant;
import java.util.Map;

/**
 * What a score needs to say about the model that produced it: an immutable snapshot, safe to keep after
 * the model itself was swapped out and closed.
 *
 * @param version     the checkpoint's SHA-256 (the release's version string is in {@code release})
 * @param placeholder an untrained network (no training data in its manifest): its scores mean nothing clinically
 */
public record ModelInfo(String name, String release, String version, String architecture, AlertPolicy policy, boolean placeholder,
                        Map<String, Double> metrics, String artifactUri, Instant releasedAt, Instant loadedAt, String decision) {
}
