package org.edtriage.model.zoo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooSummaryTest {

    @Test
    void everyArchitectureHasALineAndNystromsFourMatchTableTwoWithinOnePercent() {
        List<ZooSummary.Line> lines = ZooSummary.lines();
        assertEquals(Architectures.names(), lines.stream().map(ZooSummary.Line::name).toList());
        for (ZooSummary.Line line : lines) {
            // featnet, an MLP on 149 measurements, ~0.1 M; the smallest signal network, beatnet, ~5 M
            assertTrue(line.flopsPerEcg() > (line.name().equals("featnet") ? 50_000 : 1_000_000), line.name() + " FLOPs counted: " + line.flopsPerEcg());
            if (line.published() != null) {
                double difference = Math.abs(line.comparable() - line.published()) / (double) line.published();
                assertTrue(difference < 0.01, line + " within 1 % of Table II");
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZooSummary.print(lines, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(lines.size() + 1, table.lines().count(), table);
        assertTrue(table.contains("20,479") && table.contains("892,449") && table.contains("6,784,561"), table);
    }
}
