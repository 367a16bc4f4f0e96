package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;

/**
 * spec.pointInTimeRecovery on the real API server and moto, with the check interval at 10 s. The
 * judge is moto's table (is its point-in-time recovery on, since when), moto's backups and their
 * sizes, the Events, the metrics and what kubectl prints.
 */
@OperatorEnv(name = "PITR_CHECK_SECONDS", value = "10")
class PitrIT extends E2eEnvironment {

  /** The operator's check interval, as {@link OperatorEnv} sets it. */
  private static final Duration CHECK = Duration.ofSeconds(10);

  @Test
  void theOperatorTurnsPitrOnTurnsItBackOnWhenDisabledBehindItsBackAndShowsTheWindow() {
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        immediate: true
        pointInTimeRecovery:
          enabled: true
          recoveryPeriodInDays: 7
        """);

    await("moto's table has point-in-time recovery on (operator log " + operator.log() + ")")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "ENABLED".equals(pitrOfTable().pointInTimeRecoveryStatusAsString()));
    assertThat(pitrOfTable().recoveryPeriodInDays()).isEqualTo(7);
    Instant firstWindow = pitrOfTable().earliestRestorableDateTime();
    DynamoDBBackupSchedule seen =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(60),
            "status.recovery with the window and the backup",
            s ->
                s.getStatus() != null
                    && s.getStatus().getRecovery() != null
                    && "ENABLED".equals(s.getStatus().getRecovery().getPointInTimeRecovery())
                    && s.getStatus().getRecovery().getRetainedBytes() != null);
    RecoveryStatus r = seen.getStatus().getRecovery();
    assertThat(Instant.parse(r.getEarliestRestorableTime()))
        .isEqualTo(firstWindow.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(r.getRetainedBytes())
        .as(
            "the sizes of moto's backups %s; CreateBackup calls through the gate %s",
            moto.backups(TABLE), gate.createCalls())
        .isEqualTo(sizeOfBackups(backupsOf("nightly")));
    assertThat(events("PointInTimeRecoveryEnabled")).hasSize(1);

    // someone turns it off in the console
    moto.dynamoDb()
        .updateContinuousBackups(
            b ->
                b.tableName(TABLE)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
    assertThat(pitrOfTable().pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");

    await("turned on again within a check interval or two (operator log " + operator.log() + ")")
        .atMost(CHECK.multipliedBy(4))
        .until(() -> "ENABLED".equals(pitrOfTable().pointInTimeRecoveryStatusAsString()));
    await("a Warning Event says so (events: " + reasons() + ")")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !events("PointInTimeRecoveryDrift").isEmpty());
    Event drift = events("PointInTimeRecoveryDrift").get(0);
    assertThat(drift.getType()).isEqualTo("Warning");
    assertThat(drift.getMessage()).contains("was DISABLED", TABLE);

    String wide = cluster.kubectl("get", "ddbbs", "-n", ns, "-o", "wide");
    assertThat(wide.lines().findFirst().orElse("")).contains("PITR", "RETAINED");
    assertThat(wide).contains("ENABLED", r.getRetained());
    assertThat(cluster.kubectl("get", "ddbbs", "-n", ns).lines().findFirst().orElse(""))
        .as("the default view keeps its columns")
        .doesNotContain("PITR");

    String metrics = operator.scrapeMetrics();
    assertThat(series(metrics, "ddbbackup_pitr_enabled")).isEqualTo(1.0);
    assertThat(series(metrics, "ddbbackup_pitr_wanted")).isEqualTo(1.0);
    assertThat(series(metrics, "ddbbackup_schedule_retained_bytes"))
        .isEqualTo((double) sizeOfBackups(backupsOf("nightly")));
    assertThat(series(metrics, "ddbbackup_recovery_point_age_seconds"))
        .isBetween(0.0, (double) Duration.ofMinutes(5).toSeconds());
  }

  @Test
  void withEnforceFalseADisabledPitrIsReportedAndLeftOff() {
    apply(
        "watched",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        pointInTimeRecovery:
          enabled: true
          enforce: false
        """);
    await("moto's table has point-in-time recovery on")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "ENABLED".equals(pitrOfTable().pointInTimeRecoveryStatusAsString()));

    moto.dynamoDb()
        .updateContinuousBackups(
            b ->
                b.tableName(TABLE)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));

    DynamoDBBackupSchedule drifted =
        awaitSchedule(
            "watched",
            CHECK.multipliedBy(4),
            "the PointInTimeRecovery condition False Drifted",
            s ->
                s.getStatus() != null
                    && s.getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                "PointInTimeRecovery".equals(c.getType())
                                    && "Drifted".equals(c.getReason())));
    assertThat(drifted.getStatus().getRecovery().getPointInTimeRecovery()).isEqualTo("DISABLED");
    assertThat(pitrOfTable().pointInTimeRecoveryStatusAsString())
        .as("left as found")
        .isEqualTo("DISABLED");
    assertThat(series(operator.scrapeMetrics(), "ddbbackup_pitr_enabled", "watched"))
        .isEqualTo(0.0);
  }

  @Test
  void aRestoreFromThePointInTimeOfAScheduleBringsTheItemsBack() {
    moto.dynamoDb()
        .putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS("kept"))));
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        pointInTimeRecovery:
          enabled: true
        """);
    awaitSchedule(
        "nightly",
        Duration.ofSeconds(60),
        "PITR ENABLED in status",
        s ->
            s.getStatus() != null
                && s.getStatus().getRecovery() != null
                && "ENABLED".equals(s.getStatus().getRecovery().getPointInTimeRecovery()));

    admin()
        .resource(
            TestCluster.resource(
                "DynamoDBRestore",
                ns,
                "back",
                """
                source:
                  pointInTime:
                    fromSchedule: nightly
                    useLatestRestorableTime: true
                targetTableName: orders-pitr
                """))
        .create();

    cluster.awaitResource(
        DynamoDBRestore.class,
        ns,
        "back",
        Duration.ofSeconds(120),
        "the restore Completed (operator log " + operator.log() + ")",
        x -> x.getStatus() != null && "Completed".equals(x.getStatus().getPhase()));
    List<String> ids =
        moto.dynamoDb().scan(b -> b.tableName("orders-pitr")).items().stream()
            .map(i -> i.get("id").s())
            .toList();
    assertThat(ids).containsExactly("kept");
  }

  // ---- helpers ----

  private static PointInTimeRecoveryDescription pitrOfTable() {
    return moto.dynamoDb()
        .describeContinuousBackups(b -> b.tableName(TABLE))
        .continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
  }

  /** The sizes moto reports for these backups of the table, summed. */
  private static long sizeOfBackups(List<String> names) {
    return moto.backups(TABLE).stream()
        .filter(b -> names.contains(b.backupName()))
        .mapToLong(b -> b.backupSizeBytes() == null ? 0 : b.backupSizeBytes())
        .sum();
  }

  private List<Event> events(String reason) {
    return admin().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .collect(Collectors.toList());
  }

  private List<String> reasons() {
    return admin().v1().events().inNamespace(ns).list().getItems().stream()
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private double series(String scrape, String name) {
    return series(scrape, name, "nightly");
  }

  private double series(String scrape, String name, String schedule) {
    String line =
        scrape
            .lines()
            .filter(l -> l.startsWith(name + "{"))
            .filter(
                l ->
                    l.contains("namespace=\"" + ns + "\"")
                        && l.contains("name=\"" + schedule + "\""))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no series " + name + " for " + schedule));
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
