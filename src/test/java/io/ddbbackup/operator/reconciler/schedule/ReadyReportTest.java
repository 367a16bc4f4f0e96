package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ready condition as built at the end of a reconcile: no cluster, only values. */
class ReadyReportTest {

  private static final Instant EARLIER = Instant.parse("2026-03-01T03:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-02T03:00:07Z");
  private static final Instant NEXT = Instant.parse("2026-03-03T03:00:00Z");

  @Test
  void aBackupThatBecameAvailableSaysSoAndWhenTheNextOneIsDue() {
    Condition ready =
        ready(
            ReadyReport.conditions(
                state(List.of(), 0),
                new Step.News(ReadyReason.SCHEDULED, "Backup b1 is AVAILABLE"),
                false,
                false,
                NEXT,
                3L,
                NOW));

    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Scheduled");
    assertThat(ready.getMessage())
        .isEqualTo("Backup b1 is AVAILABLE; next backup at 2026-03-03T03:00:00Z");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-03-02T03:00:07Z");
  }

  @Test
  void aConditionWhoseStatusHoldsKeepsItsLastTransitionTime() {
    List<Condition> before =
        Conditions.withReady(
            List.of(), ReadyReason.BACKING_UP, "Backup b1 is CREATING", 3L, EARLIER);

    Condition ready =
        ready(
            ReadyReport.conditions(
                state(before, 0),
                new Step.News(ReadyReason.SCHEDULED, "Backup b1 is AVAILABLE"),
                false,
                false,
                NEXT,
                3L,
                NOW));

    assertThat(ready.getReason()).isEqualTo("Scheduled");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-03-01T03:00:00Z");
  }

  @Test
  void aFailureTurnsReadyFalseAndStampsTheTransition() {
    List<Condition> before =
        Conditions.withReady(List.of(), ReadyReason.SCHEDULED, "Next backup at …", 3L, EARLIER);

    Condition ready =
        ready(
            ReadyReport.conditions(
                state(before, 1),
                new Step.News(ReadyReason.THROTTLED, "CreateBackup failed: ThrottlingException"),
                false,
                false,
                NEXT,
                3L,
                NOW));

    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Throttled");
    assertThat(ready.getMessage()).isEqualTo("CreateBackup failed: ThrottlingException");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-03-02T03:00:07Z");
  }

  @Test
  void aReconcileInWhichNothingHappenedLeavesAnUnrecoveredFailureAsItIs() {
    List<Condition> before =
        Conditions.withReady(List.of(), ReadyReason.ACCESS_DENIED, "AccessDenied", 3L, EARLIER);

    List<Condition> after =
        ReadyReport.conditions(state(before, 2), null, false, false, NEXT, 3L, NOW);

    assertThat(after).isEqualTo(before);
  }

  @Test
  void aNewGenerationWithNothingElseNewIsReportedAgain() {
    List<Condition> before =
        Conditions.withReady(List.of(), ReadyReason.SCHEDULED, "Next backup at …", 3L, EARLIER);

    Condition ready =
        ready(ReadyReport.conditions(state(before, 0), null, false, false, NEXT, 4L, NOW));

    assertThat(ready.getObservedGeneration()).isEqualTo(4L);
    assertThat(ready.getMessage()).isEqualTo("Next backup at 2026-03-03T03:00:00Z");
  }

  @Test
  void aSuspendedScheduleSaysHowToResume() {
    Condition ready =
        ready(ReadyReport.conditions(state(List.of(), 0), null, false, true, null, 1L, NOW));

    assertThat(ready.getReason()).isEqualTo("Suspended");
    assertThat(ready.getMessage())
        .isEqualTo("Suspended: no scheduled backups until spec.suspend is false");
  }

  @Test
  void aCallWaitingInTheRateLimitQueueChangesNothing() {
    List<Condition> before =
        Conditions.withReady(
            List.of(), ReadyReason.BACKING_UP, "Backup b1 is CREATING", 3L, EARLIER);

    assertThat(ReadyReport.conditions(state(before, 0), null, true, false, NEXT, 3L, NOW))
        .isEqualTo(before);
  }

  private static ScheduleState state(List<Condition> conditions, int failures) {
    return ScheduleState.of(new DynamoDBBackupScheduleStatus())
        .with(
            s -> {
              s.conditions = conditions;
              s.consecutiveFailures = failures;
            });
  }

  private static Condition ready(List<Condition> conditions) {
    return Conditions.ready(conditions);
  }
}
