package io.ddbbackup.operator.retention;

import static io.ddbbackup.operator.retention.Backups.NOW;
import static io.ddbbackup.operator.retention.Backups.ORDERS;
import static io.ddbbackup.operator.retention.Backups.TABLE;
import static io.ddbbackup.operator.retention.Backups.owned;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reasons a decision gives for each backup it keeps (what kubectl ddb describe prints). */
class KeptByTest {

  @Test
  void eachKeptBackupNamesEveryRuleThatKeepsItAndAPrunedOneNone() {
    Backup newest = owned("2026-03-14T03:00:00Z");
    Backup dayBefore = owned("2026-03-13T03:00:00Z");
    Backup sameDayEarlier = owned("2026-03-13T01:00:00Z");
    Backup old = owned("2026-03-01T03:00:00Z");
    var policy = new RetentionPolicy(1, null, 2, null, null);

    PruneDecision d =
        Retention.decide(
            policy,
            ORDERS,
            TABLE,
            List.of(old, sameDayEarlier, dayBefore, newest),
            ZoneOffset.UTC,
            NOW);

    assertThat(d.keptBy(newest)).containsExactly("newest AVAILABLE", "keepLast 1", "keepDaily 2");
    assertThat(d.keptBy(dayBefore)).containsExactly("keepDaily 2");
    assertThat(d.prune()).containsExactly(old, sameDayEarlier);
    assertThat(d.keptBy(old)).isEmpty();
    assertThat(d.keptBy(sameDayEarlier)).isEmpty();
  }

  @Test
  void aProtectedOrUnfinishedBackupSaysWhy() {
    Backup newest = owned("2026-03-14T03:00:00Z");
    Backup failed = owned("2026-03-12T03:00:00Z", BackupStatus.FAILED);
    Backup verified = owned("2026-03-10T03:00:00Z");
    var policy = new RetentionPolicy(1, null, null, null, null);

    PruneDecision d =
        Retention.decide(
            policy,
            ORDERS,
            TABLE,
            List.of(verified, failed, newest),
            ZoneOffset.UTC,
            NOW,
            Set.of(verified.name()));

    assertThat(d.keptBy(failed)).containsExactly("not AVAILABLE");
    assertThat(d.keptBy(verified)).singleElement().asString().startsWith("protected");
    assertThat(d.prune()).isEmpty();
  }

  @Test
  void withoutRulesEveryBackupIsKeptAndSaysSo() {
    Backup only = owned("2026-03-14T03:00:00Z");

    PruneDecision d =
        Retention.decide(
            RetentionPolicy.keepAll(), ORDERS, TABLE, List.of(only), ZoneOffset.UTC, NOW);

    assertThat(d.keptBy(only)).singleElement().asString().startsWith("no retention rule");
  }
}
