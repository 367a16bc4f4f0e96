package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.ReadyCondition.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.Moto;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the committed CRD's schema (OpenAPI and CEL) refuses at the door, and what only the operator
 * can judge (cron, time zone), which must end as Ready=False InvalidSpec without hurting others.
 */
class HostileSpecIT extends E2eEnvironment {

  static Stream<Arguments> specsTheApiServerRejects() {
    return Stream.of(
        Arguments.of(
            "a table name with a space",
            "tableName: \"a b\"\nschedule: \"@daily\"\n",
            "spec.tableName"),
        Arguments.of(
            "keepLast of zero",
            "tableName: orders\nschedule: \"@daily\"\nretention:\n  keepLast: 0\n",
            "spec.retention.keepLast"),
        Arguments.of(
            "a deletion policy that is neither Retain nor Delete",
            "tableName: orders\nschedule: \"@daily\"\ndeletionPolicy: Maybe\n",
            "spec.deletionPolicy"),
        Arguments.of(
            "a region that contradicts the table ARN",
            "tableName: arn:aws:dynamodb:us-east-1:123456789012:table/orders\n"
                + "region: eu-west-1\nschedule: \"@daily\"\n",
            "spec.region"),
        Arguments.of(
            "a maxAge without a unit",
            "tableName: orders\nschedule: \"@daily\"\nretention:\n  maxAge: \"30\"\n",
            "spec.retention.maxAge"),
        Arguments.of("no schedule at all", "tableName: orders\n", "spec.schedule"));
  }

  @ParameterizedTest(name = "{0} is rejected naming {2}")
  @MethodSource("specsTheApiServerRejects")
  void theApiServerRejectsASpecOutsideTheSchemaNamingTheField(
      String what, String spec, String field) {
    assertThatThrownBy(() -> apply("hostile", spec))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(field);
    assertThat(schedule("hostile")).isNull();
  }

  @Test
  void aBadCronOrTimeZoneIsReportedAsInvalidSpecWhileAValidScheduleNextToItKeepsWorking() {
    apply("bad-cron", "tableName: orders\nschedule: \"61 * * * *\"\nimmediate: true\n");
    apply(
        "bad-zone",
        "tableName: orders\nschedule: \"0 3 * * *\"\ntimeZone: Europe/Berln\nimmediate: true\n");
    apply("good", "tableName: orders\nschedule: \"0 3 * * *\"\nimmediate: true\n");

    var badCron =
        awaitSchedule(
            "bad-cron",
            Duration.ofSeconds(30),
            "Ready=False InvalidSpec",
            s -> isReady(s, "False", "InvalidSpec"));
    assertThat(ready(badCron).getMessage()).contains("spec.schedule").contains("61 * * * *");
    var badZone =
        awaitSchedule(
            "bad-zone",
            Duration.ofSeconds(30),
            "Ready=False InvalidSpec",
            s -> isReady(s, "False", "InvalidSpec"));
    assertThat(ready(badZone).getMessage()).contains("spec.timeZone").contains("Europe/Berln");
    await("an InvalidSpec Event on bad-zone")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin().v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> "bad-zone".equals(e.getInvolvedObject().getName()))
                    .map(Event::getReason)
                    .anyMatch("InvalidSpec"::equals));

    awaitSchedule(
        "good",
        Duration.ofSeconds(30),
        "Ready=True after its immediate backup",
        s ->
            isReady(s, "True", "Scheduled")
                && Integer.valueOf(1).equals(s.getStatus().getBackupCount()));
    assertThat(backupsOf("good")).hasSize(1);
    assertThat(backupsOf("bad-cron")).isEmpty();
    assertThat(backupsOf("bad-zone")).isEmpty();
  }

  @Test
  void aTableThatDoesNotExistIsReportedWhenAppliedAndATableMadeLaterIsBackedUp() {
    // a typo and a slot hours away: the schedule must not look Ready until the slot fails
    apply("typo", "tableName: ordres\nschedule: \"0 3 * * *\"\n");

    var refused =
        awaitSchedule(
            "typo",
            Duration.ofSeconds(30),
            "Ready=False TableNotFound",
            s -> isReady(s, "False", "TableNotFound"));
    assertThat(ready(refused).getMessage())
        .startsWith("table ordres not found in region " + Moto.REGION + ": ")
        .contains("spec.region", "aws.region");
    assertThat(refused.getStatus().getCheckedGeneration())
        .isEqualTo(refused.getMetadata().getGeneration());
    assertThat(refused.getStatus().getNextScheduleTime()).as("it keeps its slots").isNotNull();
    await("a TableNotFound Event on typo")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin().v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> "typo".equals(e.getInvolvedObject().getName()))
                    .anyMatch(e -> "TableNotFound".equals(e.getReason())));

    // the fix: the table is created; the next backup (here one asked for now) succeeds
    moto.createTable("ordres");
    backupNow("typo", "after-the-fix");

    awaitSchedule(
        "typo",
        Duration.ofSeconds(30),
        "Ready=True with its first backup AVAILABLE",
        s ->
            ready(s) != null
                && "True".equals(ready(s).getStatus())
                && "AVAILABLE".equals(s.getStatus().getLastBackupStatus()));
    assertThat(moto.backupNames("ordres")).singleElement().asString().startsWith(prefix("typo"));
  }
}
