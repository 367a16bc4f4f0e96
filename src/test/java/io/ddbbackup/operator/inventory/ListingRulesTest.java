package io.ddbbackup.operator.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.inventory.ListingRules.Follow;
import io.ddbbackup.operator.inventory.ListingRules.FollowFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When the inventory lists and what a listing covers, as data. */
class ListingRulesTest {

  private static final Instant NOW = Instant.parse("2026-03-02T03:00:30Z");
  private static final InventorySettings S = InventorySettings.defaults();

  private static Instant ago(int seconds) {
    return NOW.minusSeconds(seconds);
  }

  static Stream<Arguments> follows() {
    return Stream.of(
        Arguments.of(
            "a backup the inventory does not know is described",
            new FollowFacts(null, false, null, 50, false, null),
            Follow.DESCRIBE),
        Arguments.of(
            "a backup a shared listing saw AVAILABLE needs no call",
            new FollowFacts(BackupStatus.AVAILABLE, false, ago(5), 50, false, ago(1)),
            Follow.KNOWN),
        Arguments.of(
            "a lone CREATING backup is described: a listing would cost as much",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 1, false, null),
            Follow.DESCRIBE),
        Arguments.of(
            "twenty CREATING backups are still described, within DescribeBackup's 10/s",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 20, false, null),
            Follow.DESCRIBE),
        Arguments.of(
            "twenty-one CREATING backups are followed by one listing for all",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 21, false, null),
            Follow.LIST),
        Arguments.of(
            "while another reconcile lists the scope, its answer is awaited",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 50, true, ago(10)),
            Follow.WAIT),
        Arguments.of(
            "a listing that started two seconds ago is the freshest answer there is",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 50, false, ago(2)),
            Follow.WAIT),
        Arguments.of(
            "three seconds after the last listing, the next one is due",
            new FollowFacts(BackupStatus.CREATING, false, ago(5), 50, false, ago(3)),
            Follow.LIST),
        Arguments.of(
            "a backup a covering listing did not return is described: it may have failed",
            new FollowFacts(BackupStatus.CREATING, true, ago(30), 50, false, ago(5)),
            Follow.DESCRIBE),
        Arguments.of(
            "a backup CREATING for longer than the follow reach is described alone",
            new FollowFacts(BackupStatus.CREATING, false, ago(11 * 60), 50, false, ago(5)),
            Follow.DESCRIBE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("follows")
  void followingABackup(String why, FollowFacts facts, Follow expected) {
    assertThat(ListingRules.follow(facts, NOW, S)).isEqualTo(expected);
  }

  static Stream<Arguments> lowerBounds() {
    return Stream.of(
        Arguments.of(
            "the first listing starts at the oldest CREATING backup", ago(20), null, ago(20)),
        Arguments.of(
            "a listing reaches back to the previous one's start minus the margin",
            ago(5),
            ago(3),
            ago(8)),
        Arguments.of(
            "and never later than the oldest CREATING backup it must answer for",
            ago(60),
            ago(3),
            ago(60)),
        Arguments.of(
            "after a pause longer than the follow reach it does not reach back to the last one",
            ago(5),
            ago(3600),
            ago(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lowerBounds")
  void theLowerBoundOfATimeBoundedListing(
      String why, Instant oldestCreating, Instant lastListingStart, Instant expected) {
    assertThat(ListingRules.listFrom(oldestCreating, lastListingStart, NOW, S)).isEqualTo(expected);
  }

  static Stream<Arguments> fullListings() {
    return Stream.of(
        Arguments.of("never listed in full: due", null, true),
        Arguments.of("listed in full an hour ago: not due", NOW.minus(Duration.ofHours(1)), false),
        Arguments.of("listed in full six days ago: not due", NOW.minus(Duration.ofDays(6)), false),
        Arguments.of("listed in full a week ago: due", NOW.minus(Duration.ofDays(7)), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullListings")
  void aFullListingIsDueOncePerPeriod(String why, Instant lastFullStart, boolean due) {
    assertThat(ListingRules.fullListingDue(lastFullStart, NOW, S)).isEqualTo(due);
  }

  static Stream<Arguments> absences() {
    return Stream.of(
        Arguments.of("created long before the full listing: deleted", ago(3600), true),
        Arguments.of("created just before it: maybe not visible yet, kept", ago(33), false),
        Arguments.of("created during it: kept", ago(10), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("absences")
  void aBackupAFullListingDidNotReturn(String why, Instant createdAt, boolean gone) {
    Instant fullStart = ago(30);
    assertThat(ListingRules.goneUnlessListed(createdAt, fullStart, S.margin())).isEqualTo(gone);
  }

  static Stream<Arguments> misses() {
    return Stream.of(
        Arguments.of("created in the range, well before the listing: missed", ago(60), true),
        Arguments.of("created moments before the listing: not yet", ago(4), false),
        Arguments.of("created before the range: not the listing's to answer", ago(200), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misses")
  void aCreatingBackupATimeBoundedListingDidNotReturn(
      String why, Instant createdAt, boolean missed) {
    assertThat(ListingRules.missedBy(createdAt, ago(120), ago(1), S.margin())).isEqualTo(missed);
  }
}
