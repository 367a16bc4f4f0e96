package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The prefix a schedule names and owns its backups by, end to end: two schedules whose names the
 * earlier default ran together, a schedule from before the change, and one prefix set on two
 * schedules of one table. moto is the judge.
 */
class BackupNamePrefixIT extends E2eEnvironment {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final String KEEP_ONE =
      "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: 1\n";

  @Test
  void shopEuOrdersAndShopEuDashOrdersOnOneTableKeepAndPruneOnlyTheirOwnBackups() {
    // the earlier default named both <namespace>-<name> = shop-eu-orders: each pruned the other's
    cluster.controlPlane().createNamespace("shop-eu");
    cluster.controlPlane().createNamespace("shop");
    cluster.apply("shop-eu", "orders", KEEP_ONE);
    cluster.apply("shop", "eu-orders", KEEP_ONE);
    try {
      for (int round = 1; round <= 3; round++) {
        for (String[] schedule : new String[][] {{"shop-eu", "orders"}, {"shop", "eu-orders"}}) {
          String value = "round-" + round;
          cluster.backupNow(schedule[0], schedule[1], value);
          cluster.awaitSchedule(
              schedule[0],
              schedule[1],
              Duration.ofSeconds(30),
              "backup-now " + value + " backed up and pruned",
              s ->
                  value.equals(s.getStatus().getLastManualTrigger())
                      && isReady(s, "True", "Scheduled"));
        }
      }
      // keepLast: 1 each: exactly one backup of each, under its own prefix
      assertThat(owned("shop-eu_orders")).as("shop-eu/orders' backups").hasSize(1);
      assertThat(owned("shop_eu-orders")).as("shop/eu-orders' backups").hasSize(1);
      assertThat(moto.backupNames(TABLE)).hasSize(2);
    } finally {
      cluster.deleteSchedules("shop-eu");
      cluster.deleteSchedules("shop");
    }
  }

  @Test
  void aScheduleThatBackedUpUnderTheEarlierDefaultKeepsItsPrefixAndPrunesItsOldBackups() {
    // an upgrade: the schedule, its status and its backups as the earlier version left them
    operator.kill();
    String legacy = ns + "-nightly";
    Instant older = Instant.parse("2026-01-01T03:00:00Z");
    Instant newer = Instant.parse("2026-01-02T03:00:00Z");
    moto.createBackup(TABLE, legacy + "-" + STAMP.format(older));
    String newest = moto.createBackup(TABLE, legacy + "-" + STAMP.format(newer));
    apply("nightly", "tableName: orders\nschedule: \"0 3 * * *\"\nretention:\n  keepLast: 2\n");
    DynamoDBBackupSchedule schedule = schedule("nightly");
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    // its last slot is today's 03:00 (or yesterday's): none is due when it starts again
    Instant today =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(3 * 3600);
    Instant lastSlot = today.isAfter(Instant.now()) ? today.minusSeconds(86400) : today;
    status.setLastScheduleTime(lastSlot.toString());
    status.setLastBackupName(legacy + "-" + STAMP.format(newer));
    status.setLastBackupArn(newest);
    status.setLastBackupStatus("AVAILABLE");
    status.setCreatedCount(2L);
    schedule.setStatus(status);
    admin().resource(schedule).updateStatus();
    operator.start();

    backupNow("nightly", "after-the-upgrade");
    var done =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(30),
            "backed up after the upgrade",
            s ->
                "after-the-upgrade".equals(s.getStatus().getLastManualTrigger())
                    && isReady(s, "True", "Scheduled"));

    assertThat(done.getStatus().getBackupNamePrefix()).isEqualTo(legacy);
    List<String> kept = owned(legacy);
    assertThat(kept)
        .as("keepLast: 2 over its old and new backups alike")
        .containsExactlyInAnyOrder(
            legacy + "-" + STAMP.format(newer), done.getStatus().getLastBackupName());
    assertThat(owned(prefix("nightly"))).as("nothing under the new default").isEmpty();
  }

  @Test
  void ofTwoSchedulesWithOnePrefixOnOneTableTheYoungerIsRefusedNamingTheField() {
    apply("first", "tableName: orders\nschedule: \"0 3 1 1 *\"\nbackupNamePrefix: orders-copy\n");
    awaitSchedule("first", Duration.ofSeconds(30), "Ready", s -> isReady(s, "True", "Scheduled"));
    apply("second", "tableName: orders\nschedule: \"0 3 1 1 *\"\nbackupNamePrefix: orders-copy\n");

    var refused =
        awaitSchedule(
            "second",
            Duration.ofSeconds(30),
            "Ready=False SharedPrefix",
            s -> isReady(s, "False", "SharedPrefix"));
    assertThat(refused.getStatus().getConditions().get(0).getMessage())
        .contains("spec.backupNamePrefix")
        .contains(ns + "/first");
    backupNow("first", "allowed");
    await("the first schedule's backup")
        .atMost(Duration.ofSeconds(30))
        .until(() -> owned("orders-copy").size() == 1);
    assertThat(isReady(schedule("second"), "False", "SharedPrefix")).isTrue();
  }

  /** moto's backups of the table named exactly {@code <prefix>-<yyyyMMddTHHmmssZ>}. */
  private List<String> owned(String prefix) {
    Pattern exact = Pattern.compile(Pattern.quote(prefix) + "-\\d{8}T\\d{6}Z");
    return moto.backupNames(TABLE).stream().filter(n -> exact.matcher(n).matches()).toList();
  }
}
