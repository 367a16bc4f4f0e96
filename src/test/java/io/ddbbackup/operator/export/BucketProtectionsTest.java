package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.export.BucketProtections.Mode;
import io.ddbbackup.operator.export.BucketProtections.ObjectLock;
import io.ddbbackup.operator.export.BucketProtections.Retention;
import io.ddbbackup.operator.export.BucketProtections.Versioning;
import org.junit.jupiter.api.Test;

/** What a bucket's protections say in status, and whether they meet requireObjectLock. */
class BucketProtectionsTest {

  private static final ObjectLock COMPLIANCE_30_DAYS =
      new ObjectLock(true, new Retention(Mode.COMPLIANCE, 30, 0));

  @Test
  void aLockedBucketDescribesItsModeAndPeriodAndMeetsTheRequirement() {
    var locked = new BucketProtections("offsite", null, Versioning.ENABLED, COMPLIANCE_30_DAYS);

    assertThat(locked.describe())
        .isEqualTo("versioning enabled; Object Lock in COMPLIANCE mode, 30 days by default");
    assertThat(locked.unmetBy(true)).isEmpty();
    var governanceOneYear =
        new BucketProtections(
            "offsite",
            null,
            Versioning.ENABLED,
            new ObjectLock(true, new Retention(Mode.GOVERNANCE, 0, 1)));
    assertThat(governanceOneYear.describe()).endsWith("GOVERNANCE mode, 1 year by default");
    assertThat(governanceOneYear.unmetBy(true)).isEmpty();
  }

  @Test
  void aBucketWithoutObjectLockFailsTheRequirementNamingTheBucketAndTheFix() {
    var plain = new BucketProtections("offsite", null, Versioning.NEVER_ENABLED, ObjectLock.NONE);

    assertThat(plain.describe()).isEqualTo("versioning never enabled; no Object Lock");
    assertThat(plain.unmetBy(false)).as("not required: nothing to say").isEmpty();
    assertThat(plain.unmetBy(true))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("export bucket offsite has no Object Lock")
                    .contains("spec.export.requireObjectLock")
                    .contains("--object-lock-enabled-for-bucket")
                    .contains("put-object-lock-configuration")
                    .contains("docs/export.md")
                    .doesNotContain("account"));
  }

  @Test
  void anotherAccountsBucketNamesItsOwnerToAsk() {
    var theirs =
        new BucketProtections("vault", "444455556666", Versioning.SUSPENDED, ObjectLock.NONE);

    assertThat(theirs.describe()).startsWith("versioning suspended;");
    assertThat(theirs.unmetBy(true))
        .hasValueSatisfying(
            m -> assertThat(m).contains("vault").contains("account 444455556666: ask its owner"));
  }

  @Test
  void objectLockWithoutADefaultRetentionLocksNoExportAndDoesNotMeetTheRequirement() {
    var noRule =
        new BucketProtections("offsite", null, Versioning.ENABLED, new ObjectLock(true, null));

    assertThat(noRule.locksEveryExport()).isFalse();
    assertThat(noRule.describe()).contains("without a default retention (exports are not locked)");
    assertThat(noRule.unmetBy(true))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("offsite")
                    .contains("no default retention")
                    .contains("Days or Years"));
  }

  @Test
  void aRetentionIsInDaysOrInYearsNeverBoth() {
    assertThatThrownBy(() -> new Retention(Mode.COMPLIANCE, 30, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Retention(Mode.COMPLIANCE, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
