package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * files/dashboard.json as Grafana lays it out: every panel has its own id and its own place on the
 * 24-column grid (Grafana moves overlapping panels around, and a duplicate id breaks links to a
 * panel), and a panel plotting bytes or seconds says so, so that Grafana prints "1.5 GiB" or "3
 * days" rather than a bare number.
 */
class DashboardLayoutTest {

  private static JsonNode panels() throws IOException {
    return new ObjectMapper()
        .readTree(ProjectFiles.read(Chart.PATH + "/files/dashboard.json"))
        .get("panels");
  }

  @Test
  void everyPanelHasItsOwnIdAndItsOwnPlaceOnTheGrid() throws IOException {
    Set<Integer> ids = new HashSet<>();
    List<int[]> placed = new ArrayList<>();
    for (JsonNode panel : panels()) {
      String title = panel.get("title").asText();
      assertThat(ids.add(panel.get("id").asInt())).as("id of %s", title).isTrue();
      JsonNode pos = panel.get("gridPos");
      int[] box = {
        pos.get("x").asInt(), pos.get("y").asInt(), pos.get("w").asInt(), pos.get("h").asInt()
      };
      assertThat(box[0] + box[2]).as("%s fits the 24 columns", title).isLessThanOrEqualTo(24);
      for (int[] other : placed) {
        boolean overlap =
            box[0] < other[0] + other[2]
                && other[0] < box[0] + box[2]
                && box[1] < other[1] + other[3]
                && other[1] < box[1] + box[3];
        assertThat(overlap).as("%s overlaps another panel", title).isFalse();
      }
      placed.add(box);
    }
    assertThat(placed).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void panelsOfBytesAndSecondsCarryTheirUnit() throws IOException {
    for (JsonNode panel : panels()) {
      String exprs = panel.get("targets").findValuesAsText("expr").toString();
      String unit = panel.at("/fieldConfig/defaults/unit").asText();
      if (exprs.contains("_bytes")) {
        assertThat(unit).as(panel.get("title").asText()).isEqualTo("bytes");
      }
      if (exprs.contains("_age_seconds") || exprs.contains("_age_limit_seconds")) {
        assertThat(unit).as(panel.get("title").asText()).isEqualTo("s");
      }
    }
  }
}
