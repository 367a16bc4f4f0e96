package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/** The Argo CD "backup-now" resource action: config/argocd/backup-now-*.lua. */
class ArgoCdBackupNowActionTest {

  private static final String ANNOTATION = "ddbbackup.io/backup-now";

  @Test
  void theActionIsOfferedOnALiveSchedule() {
    LuaValue actions =
        ArgoCdLua.run("backup-now-discovery.lua", ArgoCdLua.fixture("with-annotations.yaml"));

    assertThat(actions.get("backup-now").istable()).isTrue();
    assertThat(actions.get("backup-now").get("disabled").toboolean()).isFalse();
  }

  @Test
  void theActionIsDisabledWhileTheScheduleIsBeingDeleted() {
    LuaValue actions =
        ArgoCdLua.run("backup-now-discovery.lua", ArgoCdLua.fixture("being-deleted.yaml"));

    assertThat(actions.get("backup-now").get("disabled").toboolean()).isTrue();
  }

  /** The disabled flag only greys out the UI button; the CLI and the API run the script anyway. */
  @Test
  void runAnywayOnAScheduleBeingDeletedTheActionChangesNothing() {
    JsonNode before = ArgoCdLua.fixture("being-deleted.yaml");

    JsonNode after = ArgoCdLua.toJson(ArgoCdLua.run("backup-now-action.lua", before));

    assertThat(after).isEqualTo(before);
  }

  @Test
  void theActionSetsANewTriggerValueAndKeepsEverythingElse() {
    JsonNode before = ArgoCdLua.fixture("with-annotations.yaml");
    Instant start = Instant.now().minusSeconds(1);

    JsonNode after = ArgoCdLua.toJson(ArgoCdLua.run("backup-now-action.lua", before));

    String trigger = after.get("metadata").get("annotations").get(ANNOTATION).asText();
    assertThat(trigger)
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")
        .isNotEqualTo(before.get("metadata").get("annotations").get(ANNOTATION).asText());
    assertThat(Instant.parse(trigger)).isBetween(start, Instant.now().plus(Duration.ofSeconds(1)));

    ObjectNode expected = before.deepCopy();
    ((ObjectNode) expected.get("metadata").get("annotations")).put(ANNOTATION, trigger);
    assertThat(after).isEqualTo(expected);
  }

  @Test
  void theActionAddsTheAnnotationToAScheduleWithoutAnnotations() {
    JsonNode before = ArgoCdLua.fixture("healthy.yaml");

    JsonNode after = ArgoCdLua.toJson(ArgoCdLua.run("backup-now-action.lua", before));

    assertThat(after.get("metadata").get("annotations").size()).isEqualTo(1);
    assertThat(after.get("metadata").get("annotations").get(ANNOTATION).asText()).endsWith("Z");
    assertThat(after.get("spec")).isEqualTo(before.get("spec"));
    assertThat(after.get("status")).isEqualTo(before.get("status"));
  }
}
