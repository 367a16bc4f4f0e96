package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.testing.ClockedApiServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A schedule behaves the same whatever the hour it is applied at. Each case applies a nightly
 * schedule (backup 03:00 UTC, drill 03:30 UTC) at a different time of day, follows the reconciler's
 * own wake-ups for two days, and judges by the fake DynamoDB: a backup at each 03:00 after the
 * schedule was applied and at no other time, and a restore for each 03:30 that has a backup before
 * it. The expected instants come from the clock, not from the fixture's helpers.
 */
class TimeOfDayTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();

  private static final LocalTime BACKUP_AT = LocalTime.of(3, 0);
  private static final LocalTime DRILL_AT = LocalTime.of(3, 30);

  /** Every hour of one day at :20, and the minutes around the 03:00 slot and the 03:30 drill. */
  static Stream<Instant> appliedAt() {
    Instant day =
        ScheduleFixture.ORIGIN
            .atZone(ZoneOffset.UTC)
            .toLocalDate()
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
    Stream<Instant> hours =
        IntStream.range(0, 24).mapToObj(h -> day.plus(Duration.ofMinutes(h * 60L + 20)));
    Stream<Instant> edges =
        Stream.of("02:59:59", "03:00:00", "03:00:01", "03:29:59", "03:30:00", "03:30:01")
            .map(t -> LocalTime.parse(t).atDate(day.atZone(ZoneOffset.UTC).toLocalDate()))
            .map(t -> t.toInstant(ZoneOffset.UTC));
    return Stream.concat(hours, edges);
  }

  @ParameterizedTest
  @MethodSource("appliedAt")
  void aScheduleAppliedAtAnyTimeOfDayBacksUpAtEachSlotAfterItAndDrillsEachBackup(Instant applied) {
    var fx = new ScheduleFixture(API, applied);
    fx.dynamo.putItems("orders", "order#1", "order#2");
    fx.create(
        "nightly",
        spec -> {
          VerifySpec verify = new VerifySpec();
          verify.setSchedule("30 3 * * *");
          spec.setVerify(verify);
        });
    Instant end = applied.plus(Duration.ofDays(2));

    followWakeUps(fx, end);
    // the last call is at the clock's last instant; what is in flight then is followed to its end
    fx.reconcileUntilSettled("nightly");
    end = fx.clock.instant();

    List<Instant> backupSlots = dailyAfter(applied, end, BACKUP_AT);
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::createdAt)
        .as("backups of a schedule applied at %s", applied)
        .containsExactlyElementsOf(backupSlots);
    long drillsWithABackup =
        dailyAfter(applied, end, DRILL_AT).stream()
            .filter(drill -> backupSlots.stream().anyMatch(b -> b.isBefore(drill)))
            .count();
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP))
        .as("drill restores of a schedule applied at %s", applied)
        .isEqualTo(drillsWithABackup);
    assertThat(fx.dynamo.tableNames())
        .as("no scratch table is left")
        .containsExactlyInAnyOrder("orders", "users");
  }

  /** Moves the clock to each wake-up the reconciler asks for, as JOSDK's timer would. */
  private static void followWakeUps(ScheduleFixture fx, Instant end) {
    for (int i = 0; i < 500 && fx.clock.instant().isBefore(end); i++) {
      Optional<Duration> wake = fx.reconcile("nightly");
      assertThat(wake).as("a nightly schedule always asks to be woken").isPresent();
      Instant next = fx.clock.instant().plus(wake.get());
      fx.clock.set(next.isAfter(end) ? end : next);
    }
    assertThat(fx.clock.instant()).as("the wake-ups reach the end of the two days").isEqualTo(end);
  }

  /** Each day's {@code time} UTC strictly after {@code from}, up to and including {@code to}. */
  private static List<Instant> dailyAfter(Instant from, Instant to, LocalTime time) {
    List<Instant> out = new ArrayList<>();
    var day = from.atZone(ZoneOffset.UTC).toLocalDate();
    for (int i = 0; i <= 3; i++) {
      Instant at = time.atDate(day.plusDays(i)).toInstant(ZoneOffset.UTC);
      if (at.isAfter(from) && !at.isAfter(to)) {
        out.add(at);
      }
    }
    return out;
  }
}
