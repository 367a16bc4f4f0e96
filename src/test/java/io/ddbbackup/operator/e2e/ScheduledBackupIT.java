package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/** A schedule on a real API server backs its table up in moto and says so in status and kubectl. */
class ScheduledBackupIT extends E2eEnvironment {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void aMinuteScheduleBacksUpTheSlotUnderTheSlotsNameAndReportsItInStatus() {
    Instant created = Instant.now();
    apply(
        "every-minute",
        """
        tableName: orders
        schedule: "* * * * *"
        """);

    // the first slot is the next minute boundary: at most 60 s away, plus a reconcile
    await("a backup of the first slot in moto; operator log " + operator.log())
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !backupsOf("every-minute").isEmpty());

    BackupSummary backup =
        moto.backups(TABLE).stream()
            .filter(b -> b.backupName().startsWith(prefix("every-minute") + "-"))
            .findFirst()
            .orElseThrow();
    assertThat(backup.backupName())
        .matches(Pattern.quote(prefix("every-minute")) + "-\\d{8}T\\d{4}00Z");
    Instant slot =
        Instant.from(
            STAMP.parse(backup.backupName().substring(prefix("every-minute").length() + 1)));
    assertThat(slot).isAfter(created).isBefore(created.plus(Duration.ofSeconds(125)));
    assertThat(backup.tableName()).isEqualTo(TABLE);

    DynamoDBBackupSchedule schedule =
        awaitSchedule(
            "every-minute",
            Duration.ofSeconds(30),
            "Ready=True with the ARN moto gave",
            s ->
                isReady(s, "True", "Scheduled")
                    && backup.backupName().equals(s.getStatus().getLastBackupName()));
    var status = schedule.getStatus();
    assertThat(status.getLastBackupArn()).isEqualTo(backup.backupArn());
    assertThat(status.getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(status.getLastScheduleTime()).isEqualTo(slot.toString());
    assertThat(status.getCreatedCount()).isEqualTo(1L);
    assertThat(status.getBackupCount()).isEqualTo(1);
    assertThat(status.getLastSuccessfulTime()).isNotBlank();
    assertThat(Instant.parse(status.getNextScheduleTime()))
        .isEqualTo(slot.plus(1, ChronoUnit.MINUTES));
    assertThat(status.getObservedGeneration()).isEqualTo(schedule.getMetadata().getGeneration());
  }

  @Test
  void kubectlGetListsTheContractsColumnsForASchedule() {
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        """);
    awaitSchedule(
        "nightly",
        Duration.ofSeconds(30),
        "Ready=True after the immediate backup",
        s ->
            isReady(s, "True", "Scheduled")
                && Integer.valueOf(1).equals(s.getStatus().getBackupCount()));

    List<String> lines = cluster.kubectl("get", "ddbbs", "-n", ns).lines().toList();

    assertThat(columns(lines.get(0)))
        .containsExactly(
            "NAME",
            "TABLE",
            "SCHEDULE",
            "SUSPENDED",
            "LAST BACKUP",
            "BACKUPS",
            "NEXT",
            "READY",
            "REASON",
            "AGE");
    assertThat(lines).hasSize(2);
    List<String> row = columns(lines.get(1));
    assertThat(row).hasSize(10);
    assertThat(row.subList(0, 4)).containsExactly("nightly", "orders", "0 3 * * *", "false");
    assertThat(row.get(4)).as("LAST BACKUP is an age").matches("\\d+s");
    assertThat(row.get(5)).as("BACKUPS").isEqualTo("1");
    assertThat(row.get(6)).as("NEXT").matches("\\d{4}-\\d\\d-\\d\\dT03:00:00Z");
    assertThat(row.get(7)).as("READY").isEqualTo("True");
    assertThat(row.get(8)).as("REASON").isEqualTo("Scheduled");
    assertThat(row.get(9)).as("AGE").matches("\\d+s");

    // the short name, the other short name and the category all reach the same resource
    assertThat(cluster.kubectl("get", "ddbschedule", "-n", ns, "-o", "name"))
        .contains("dynamodbbackupschedule.ddbbackup.io/nightly");
    assertThat(cluster.kubectl("get", "ddbbackup", "-n", ns, "-o", "name"))
        .contains("dynamodbbackupschedule.ddbbackup.io/nightly");
  }

  @Test
  void theOperatorTalksToTheApiServerAsItsServiceAccountLimitedByTheCommittedRbac() {
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(cluster.controlPlane().operatorKubeconfig().toFile()))
            .build()) {
      assertThat(
              asOperator.resources(DynamoDBBackupSchedule.class).inAnyNamespace().list().getItems())
          .isNotNull();
      assertThatThrownBy(() -> asOperator.secrets().inAnyNamespace().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
          .hasMessageContaining("system:serviceaccount:ddbbackup-system:dynamodb-backup-operator");
    }
  }

  /** kubectl separates columns by at least two spaces; a value never holds two in a row here. */
  private static List<String> columns(String line) {
    return Arrays.stream(line.trim().split(" {2,}")).toList();
  }
}
