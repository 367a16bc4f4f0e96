package io.ddbbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rules for a slot whose record was written but whose backup was never made, and for suspend
 * against immediate: decisions of the schedule, taken here from values alone.
 */
class RecordedSlotTest {

  private static final CronSchedule HOURLY =
      CronSchedule.parse("0 * * * *", "UTC").validSchedule().orElseThrow();
  private static final Instant SLOT = Instant.parse("2026-03-02T03:00:00Z");

  @Test
  void aRecordedSlotIsBackedUpLateWhileNoNewerSlotIsDueAndNoDeadlineIsSet() {
    assertThat(SlotPlanner.giveUpRecordedSlot(HOURLY, SLOT, at("2026-03-02T03:59:59Z"), null))
        .isEmpty();
  }

  @Test
  void aRecordedSlotIsGivenUpOnceTheNextSlotIsDue() {
    assertThat(SlotPlanner.giveUpRecordedSlot(HOURLY, SLOT, at("2026-03-02T04:00:00Z"), null))
        .contains(SlotPlanner.GiveUp.NEWER_SLOT_DUE);
  }

  @Test
  void aRecordedSlotIsGivenUpPastItsStartingDeadline() {
    assertThat(SlotPlanner.giveUpRecordedSlot(HOURLY, SLOT, at("2026-03-02T03:10:01Z"), 600L))
        .contains(SlotPlanner.GiveUp.PAST_DEADLINE);
    assertThat(SlotPlanner.giveUpRecordedSlot(HOURLY, SLOT, at("2026-03-02T03:10:00Z"), 600L))
        .isEmpty();
  }

  @Test
  void theDeadlineIsOneRuleForPlanningAndForARecordedSlot() {
    Instant justPast = SLOT.plusSeconds(600).plusMillis(1);
    SlotDecision planned =
        SlotPlanner.plan(
            HOURLY, new SlotState(null, SLOT.minusSeconds(1), false, false, 600L, false), justPast);

    assertThat(planned.action()).isEqualTo(SlotDecision.Action.SKIP_PAST_DEADLINE);
    assertThat(SlotPlanner.giveUpRecordedSlot(HOURLY, SLOT, justPast, 600L))
        .contains(SlotPlanner.GiveUp.PAST_DEADLINE);
  }

  @Test
  void suspendWinsOverImmediateUntilTheScheduleIsResumed() {
    Instant created = at("2026-03-02T03:20:00Z");
    Instant now = at("2026-03-02T03:30:00Z");

    SlotDecision suspended =
        SlotPlanner.plan(HOURLY, new SlotState(null, created, true, true, null, false), now);
    SlotDecision resumed =
        SlotPlanner.plan(HOURLY, new SlotState(null, created, false, true, null, false), now);

    assertThat(suspended.action()).isEqualTo(SlotDecision.Action.NONE);
    assertThat(resumed.action()).isEqualTo(SlotDecision.Action.BACK_UP);
    assertThat(resumed.slot()).isEqualTo(now);
  }

  @Test
  void immediateTakesNoSecondBackupOnceOneWasStarted() {
    Instant created = at("2026-03-02T03:20:00Z");
    SlotDecision decision =
        SlotPlanner.plan(
            HOURLY,
            new SlotState(null, created, false, true, null, true),
            at("2026-03-02T03:30:00Z"));

    assertThat(decision.action()).isEqualTo(SlotDecision.Action.NONE);
    assertThat(decision.nextSlot()).isEqualTo(at("2026-03-02T04:00:00Z"));
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
