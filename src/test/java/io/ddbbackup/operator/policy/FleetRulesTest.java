package io.ddbbackup.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.policy.FleetPlan.SkipReason;
import io.ddbbackup.operator.policy.FleetRules.PolicyRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a policy generates, deletes and skips, as data. */
class FleetRulesTest {

  private static final PolicyRef NIGHTLY =
      new PolicyRef("uid-nightly", "team-a", "nightly", "eu-west-1", null);
  private static final PolicyRef OTHER =
      new PolicyRef("uid-other", "team-b", "other", "eu-west-1", null);
  private static final Function<String, Optional<String>> ALL_PERMITTED = t -> Optional.empty();

  @Test
  void generatesOneScheduleForEachSelectedTable() {
    FleetPlan plan = FleetRules.plan(NIGHTLY, List.of("b", "a"), ALL_PERMITTED, List.of());
    assertThat(plan.generate())
        .containsExactly(
            new FleetPlan.Generated(GeneratedNames.scheduleName("nightly", "a"), "a"),
            new FleetPlan.Generated(GeneratedNames.scheduleName("nightly", "b"), "b"));
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.skipped()).isEmpty();
  }

  @Test
  void skipsATableAHandWrittenScheduleBacksUpAndSaysWhich() {
    var byHand = new CoveringSchedule("team-c", "orders-hourly", "orders", "eu-west-1", null, null);
    FleetPlan plan =
        FleetRules.plan(NIGHTLY, List.of("orders", "users"), ALL_PERMITTED, List.of(byHand));
    assertThat(plan.generate()).extracting(FleetPlan.Generated::tableName).containsExactly("users");
    assertThat(plan.skipped())
        .containsExactly(
            new FleetPlan.Skip(
                "orders",
                SkipReason.CoveredElsewhere,
                "backed up by schedule team-c/orders-hourly"));
  }

  @Test
  void aScheduleOfTheSameTableInAnotherRegionOrAccountDoesNotCoverIt() {
    var otherRegion = new CoveringSchedule("c", "s1", "orders", "us-east-1", null, null);
    var otherAccount = new CoveringSchedule("c", "s2", "orders", "eu-west-1", "111111111111", null);
    PolicyRef inAccount = new PolicyRef("u", "team-a", "nightly", "eu-west-1", "222222222222");
    FleetPlan plan =
        FleetRules.plan(
            inAccount, List.of("orders"), ALL_PERMITTED, List.of(otherRegion, otherAccount));
    assertThat(plan.generate())
        .extracting(FleetPlan.Generated::tableName)
        .containsExactly("orders");
  }

  @Test
  void aTableThatStopsMatchingLosesItsScheduleAndOnlyThisPolicysSchedulesAreDeleted() {
    var ownStale =
        new CoveringSchedule(
            "team-a",
            GeneratedNames.scheduleName("nightly", "gone"),
            "gone",
            "eu-west-1",
            null,
            "uid-nightly");
    var ownKept =
        new CoveringSchedule(
            "team-a",
            GeneratedNames.scheduleName("nightly", "kept"),
            "kept",
            "eu-west-1",
            null,
            "uid-nightly");
    var othersStale =
        new CoveringSchedule(
            "team-b",
            GeneratedNames.scheduleName("other", "gone2"),
            "gone2",
            "eu-west-1",
            null,
            "uid-other");
    FleetPlan plan =
        FleetRules.plan(
            NIGHTLY, List.of("kept"), ALL_PERMITTED, List.of(ownStale, ownKept, othersStale));
    assertThat(plan.delete()).containsExactly(ownStale.name());
    assertThat(plan.generate())
        .extracting(FleetPlan.Generated::scheduleName)
        .containsExactly(ownKept.name());
  }

  @Test
  void twoPoliciesMatchingOneTableAgreeOnOneSchedule() {
    // neither has generated one yet: each sees nothing, the first to write wins, and then...
    var nightlys =
        new CoveringSchedule(
            "team-a",
            GeneratedNames.scheduleName("nightly", "orders"),
            "orders",
            "eu-west-1",
            null,
            "uid-nightly");
    // ...the other skips it
    FleetPlan other = FleetRules.plan(OTHER, List.of("orders"), ALL_PERMITTED, List.of(nightlys));
    assertThat(other.generate()).isEmpty();
    assertThat(other.skipped())
        .extracting(FleetPlan.Skip::reason)
        .containsExactly(SkipReason.CoveredElsewhere);
    // both wrote at once: both plans keep the one whose namespace/name sorts first, delete the
    // other
    var others =
        new CoveringSchedule(
            "team-b",
            GeneratedNames.scheduleName("other", "orders"),
            "orders",
            "eu-west-1",
            null,
            "uid-other");
    List<CoveringSchedule> both = List.of(nightlys, others);
    FleetPlan a = FleetRules.plan(NIGHTLY, List.of("orders"), ALL_PERMITTED, both);
    FleetPlan b = FleetRules.plan(OTHER, List.of("orders"), ALL_PERMITTED, both);
    long kept = a.generate().size() + b.generate().size();
    assertThat(kept).isEqualTo(1);
    assertThat(a.delete().size() + b.delete().size()).isEqualTo(1);
  }

  @Test
  void aTableTheTenancyPolicyRefusesIsSkippedWithTheRefusalAndItsScheduleRemoved() {
    var own =
        new CoveringSchedule(
            "team-a",
            GeneratedNames.scheduleName("nightly", "billing"),
            "billing",
            "eu-west-1",
            null,
            "uid-nightly");
    FleetPlan plan =
        FleetRules.plan(
            NIGHTLY,
            List.of("billing", "orders"),
            t -> t.equals("billing") ? Optional.of("not billing, team-a") : Optional.empty(),
            List.of(own));
    assertThat(plan.skipped())
        .containsExactly(
            new FleetPlan.Skip("billing", SkipReason.NotPermitted, "not billing, team-a"));
    assertThat(plan.delete()).containsExactly(own.name());
    assertThat(plan.generate())
        .extracting(FleetPlan.Generated::tableName)
        .containsExactly("orders");
  }

  @Test
  void aScheduleOfTheGeneratedNameWrittenByHandIsNeitherOverwrittenNorDeleted() {
    var squatter =
        new CoveringSchedule(
            "team-a",
            GeneratedNames.scheduleName("nightly", "orders"),
            "users",
            "eu-west-1",
            null,
            null);
    FleetPlan plan = FleetRules.plan(NIGHTLY, List.of("orders"), ALL_PERMITTED, List.of(squatter));
    assertThat(plan.generate()).isEmpty();
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.skipped())
        .extracting(FleetPlan.Skip::reason)
        .containsExactly(SkipReason.CoveredElsewhere);
  }
}
