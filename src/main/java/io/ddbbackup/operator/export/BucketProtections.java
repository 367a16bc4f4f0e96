package io.ddbbackup.operator.export;

import java.util.Objects;
import java.util.Optional;

/**
 * The protections in force on an export bucket, as S3 reports them (GetBucketVersioning,
 * GetObjectLockConfiguration). The operator never deletes an export; whether anyone else can is the
 * bucket's business, and this says what the bucket will do about it.
 *
 * @param bucket the bucket's name
 * @param owner the account that owns it when it is another account's (s3BucketOwner), else null
 * @param versioning its versioning status
 * @param objectLock its Object Lock configuration
 */
public record BucketProtections(
    String bucket, String owner, Versioning versioning, ObjectLock objectLock) {

  /** GetBucketVersioning's Status; a bucket never versioned has none. */
  public enum Versioning {
    NEVER_ENABLED("never enabled"),
    ENABLED("enabled"),
    SUSPENDED("suspended");

    private final String words;

    Versioning(String words) {
      this.words = words;
    }
  }

  /** Object Lock's retention modes. */
  public enum Mode {
    /** Users with s3:BypassGovernanceRetention may still delete or shorten. */
    GOVERNANCE,
    /** Nobody, the root user included, may delete a version before its retention ends. */
    COMPLIANCE
  }

  /**
   * A default retention: every new object version is locked in {@code mode} for {@code days} or
   * {@code years} (S3 takes one of the two).
   */
  public record Retention(Mode mode, int days, int years) {
    public Retention {
      Objects.requireNonNull(mode, "mode");
      if ((days > 0) == (years > 0) || days < 0 || years < 0) {
        throw new IllegalArgumentException("a default retention is in days or in years");
      }
    }

    String describe() {
      int n = days > 0 ? days : years;
      String unit = days > 0 ? "day" : "year";
      return "%s mode, %d %s%s by default".formatted(mode, n, unit, n == 1 ? "" : "s");
    }
  }

  /**
   * Object Lock on the bucket.
   *
   * @param enabled ObjectLockEnabled
   * @param defaultRetention the rule that locks every new version, or null when there is none (then
   *     only objects written with a retention of their own are locked; DynamoDB writes none)
   */
  public record ObjectLock(boolean enabled, Retention defaultRetention) {
    public static final ObjectLock NONE = new ObjectLock(false, null);

    public ObjectLock {
      if (!enabled && defaultRetention != null) {
        throw new IllegalArgumentException("a default retention needs Object Lock enabled");
      }
    }
  }

  public BucketProtections {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(versioning, "versioning");
    Objects.requireNonNull(objectLock, "objectLock");
  }

  /** True when every export file written to the bucket is locked on arrival. */
  public boolean locksEveryExport() {
    return objectLock.enabled() && objectLock.defaultRetention() != null;
  }

  /**
   * For status and people, e.g. {@code versioning enabled; Object Lock in COMPLIANCE mode, 30 days
   * by default}.
   */
  public String describe() {
    String lock;
    if (!objectLock.enabled()) {
      lock = "no Object Lock";
    } else if (objectLock.defaultRetention() == null) {
      lock = "Object Lock enabled without a default retention (exports are not locked)";
    } else {
      lock = "Object Lock in " + objectLock.defaultRetention().describe();
    }
    return "versioning " + versioning.words + "; " + lock;
  }

  /**
   * Why the bucket does not meet {@code requireObjectLock}, naming the bucket and the fix; empty
   * when it does (or when Object Lock is not required). Object Lock without a default retention
   * does not meet it: DynamoDB writes its files without a retention of their own, so none would be
   * locked.
   */
  public Optional<String> unmetBy(boolean requireObjectLock) {
    if (!requireObjectLock || locksEveryExport()) {
      return Optional.empty();
    }
    String whose =
        owner == null ? "" : "; the bucket belongs to account " + owner + ": ask its owner to";
    if (!objectLock.enabled()) {
      return Optional.of(
          ("export bucket %s has no Object Lock, and spec.export.requireObjectLock is true:"
                  + " enable Object Lock with a default retention on it (when creating a bucket:"
                  + " aws s3api create-bucket --object-lock-enabled-for-bucket; on an existing,"
                  + " versioned bucket: aws s3api put-object-lock-configuration), or export to a"
                  + " bucket that has it%s (docs/export.md, Bucket protections)")
              .formatted(bucket, whose));
    }
    return Optional.of(
        ("export bucket %s has Object Lock but no default retention, so the exports written to"
                + " it are not locked, and spec.export.requireObjectLock is true: set a default"
                + " retention (aws s3api put-object-lock-configuration with"
                + " Rule.DefaultRetention: Mode COMPLIANCE or GOVERNANCE, Days or Years)%s"
                + " (docs/export.md, Bucket protections)")
            .formatted(bucket, whose));
  }
}
