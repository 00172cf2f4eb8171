package org.edtriage.scoring.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.TriageAlert;

/**
 * The walking skeleton's topology: every ECG on ecg.recorded is scored; the score goes to
 * ecg.scores keyed by visit (patient while the visit is unknown); an observe or rule-in score raises
 * a TriageAlert; poison records go to the dead-letter topic. Values are read as bytes and decoded
 * inside {@link EcgScoring} so that a bad record is routed, not fatal.
 *
 * <p>A pure function of its inputs: unit-tested with TopologyTestDriver, run by the Quarkus shell.
 */
public final class ScoringTopology {
    private ScoringTopology() {
    }

    public static Topology build(Topics topics, EcgScoring scoring) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, EcgScoring.Outcome> outcomes = builder
                .stream(topics.ecgRecorded.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ecgs"))
                .mapValues(scoring::score, Named.as("score"));

        outcomes.filter((k, o) -> o.rejected() != null, Named.as("rejected"))
                .mapValues(EcgScoring.Outcome::rejected)
                .to(topics.deadLetter.name(), Produced.with(topics.deadLetter.keySerde(), topics.deadLetter.valueSerde()));

        KStream<String, EcgScore> scores = outcomes.filter((k, o) -> o.score() != null, Named.as("scored"))
                .mapValues(EcgScoring.Outcome::score)
                .selectKey((k, s) -> s.getVisitId() != null ? s.getVisitId() : s.getPatientId(), Named.as("by-visit"));
        scores.to(topics.ecgScores.name(), Produced.with(topics.ecgScores.keySerde(), topics.ecgScores.valueSerde()));

        scores.filter((k, s) -> s.getProbability() >= s.getThresholds().getRuleOut(), Named.as("alerting"))
                .mapValues(ScoringTopology::alert)
                .to(topics.triageAlerts.name(), Produced.with(topics.triageAlerts.keySerde(), topics.triageAlerts.valueSerde()));
        return builder.build();
    }

    static TriageAlert alert(EcgScore s) {
        AlertPolicy policy = new AlertPolicy(s.getThresholds().getRuleOut(), s.getThresholds().getRuleIn());
        String subject = s.getVisitId() != null ? s.getVisitId() : s.getPatientId();
        return TriageAlert.newBuilder()
                .setAlertId(subject + ":" + s.getEcgId() + ":" + policy.level(s.getProbability()))
                .setPatientId(s.getPatientId()).setVisitId(s.getVisitId()).setHospitalId(null)
                .setEcgId(s.getEcgId())
                .setLevel(policy.level(s.getProbability()))
                .setEscalation(false)
                .setProbability(s.getProbability())
                .setModelName(s.getModelName()).setModelVersion(s.getModelVersion())
                .setPlaceholderModel(s.getPlaceholderModel())
                .setIngestedAt(s.getIngestedAt())
                .setRaisedAt(s.getScoredAt())
                .build();
    }
}
