package io.ddbbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of two schedules that name one table's backups with one prefix keeps it. */
class PrefixClaimTest {

  private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NEW = Instant.parse("2026-02-01T00:00:00Z");
  private static final BackupName NIGHTLY = new BackupName("nightly");

  @Test
  void theYoungerScheduleYieldsToTheOlder() {
    PrefixClaim older = claim("shop/a", "orders", null, null, OLD);
    PrefixClaim younger = claim("shop/b", "orders", null, null, NEW);

    assertThat(younger.yieldsTo(List.of(older))).contains(older);
    assertThat(older.yieldsTo(List.of(younger))).isEmpty();
  }

  @Test
  void schedulesCreatedInOneSecondAreOrderedByName() {
    PrefixClaim a = claim("shop/a", "orders", null, null, OLD);
    PrefixClaim b = claim("shop/b", "orders", null, null, OLD);

    assertThat(b.yieldsTo(List.of(a))).contains(a);
    assertThat(a.yieldsTo(List.of(b))).isEmpty();
  }

  @Test
  void otherTablesRegionsAndAccountsAreNoClash() {
    PrefixClaim mine = claim("shop/b", "orders", "eu-west-1", null, NEW);

    assertThat(mine.clashesWith(claim("shop/a", "users", "eu-west-1", null, OLD))).isFalse();
    assertThat(mine.clashesWith(claim("shop/a", "orders", "us-east-1", null, OLD))).isFalse();
    PrefixClaim inOneAccount =
        claim("shop/a", "orders", "eu-west-1", "arn:aws:iam::111122223333:role/r", OLD);
    PrefixClaim inAnother =
        claim("shop/c", "orders", "eu-west-1", "arn:aws:iam::444455556666:role/r", NEW);
    assertThat(inAnother.clashesWith(inOneAccount)).isFalse();
  }

  @Test
  void aRegionOrAccountLeftToTheOperatorMayBeAnyones() {
    PrefixClaim mine = claim("shop/b", "orders", "eu-west-1", null, NEW);

    assertThat(mine.clashesWith(claim("shop/a", "orders", null, null, OLD))).isTrue();
    assertThat(
            mine.clashesWith(
                claim(
                    "shop/a",
                    "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
                    null,
                    null,
                    OLD)))
        .isTrue();
  }

  private static PrefixClaim claim(
      String owner, String table, String region, String roleArn, Instant since) {
    return PrefixClaim.of(owner, new TableTarget(table, region, roleArn), NIGHTLY, since);
  }
}
