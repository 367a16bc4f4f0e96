package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The schema of one status condition: Kubernetes' metav1.Condition with its required fields,
 * patterns and limits, so the API server checks what the operator writes and {@code kubectl explain
 * ddbbs.status.conditions} explains it. Only the CRD generator reads this class
 * ({@code @SchemaFrom} on {@link DynamoDBBackupScheduleStatus#getConditions()}, and {@link Restore}
 * on {@link DynamoDBRestoreStatus#getConditions()}); the operator writes fabric8's {@code
 * Condition}, which has the same fields.
 */
public class ConditionSchema {

  /** True, False or Unknown, as in metav1.ConditionStatus. */
  public enum Status {
    True,
    False,
    Unknown
  }

  static final String REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  @JsonPropertyDescription("The condition's type, e.g. Ready.")
  @Required
  @Size(max = 316)
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  public Status status;

  @JsonPropertyDescription(
      "The metadata.generation of the spec the condition was set for; older than"
          + " metadata.generation means the condition may be out of date.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("When the status last changed from one value to another, RFC 3339.")
  @Required
  @JsonSerialize(using = Rfc3339.class)
  public String lastTransitionTime;

  @JsonPropertyDescription(
      "Why, in one CamelCase word: for Ready one of Scheduled, BackingUp, Suspended,"
          + " InvalidSpec, TableNotFound, AccessDenied, Throttled, BackupFailed, NotPermitted,"
          + " SharedPrefix.")
  @Required
  @Size(min = 1, max = 1024)
  @Pattern(REASON_PATTERN)
  public String reason;

  @JsonPropertyDescription(
      "What happened, for people: the field and the fix when the spec is wrong, the AWS error"
          + " when a call failed, the next backup's time when all is well.")
  @Required
  @Size(max = 32768)
  public String message;

  private ConditionSchema() {}

  /** A restore's condition: the same schema, with the restore's reasons. */
  public static final class Restore extends ConditionSchema {

    @JsonPropertyDescription(
        "Why, in one CamelCase word: for Ready one of Restoring, Replaying, Completed,"
            + " InvalidSpec, SourceNotFound, TargetExists, AccessDenied, Throttled, RestoreFailed,"
            + " ReplayFailed, NotPermitted.")
    @Required
    @Size(min = 1, max = 1024)
    @Pattern(REASON_PATTERN)
    public String reason;

    private Restore() {}
  }

  /** A policy's condition: the same schema, with the policy's reasons. */
  public static final class Policy extends ConditionSchema {

    @JsonPropertyDescription(
        "Why, in one CamelCase word: for Ready one of Discovered, InvalidSpec, AccessDenied,"
            + " Throttled, DiscoveryFailed.")
    @Required
    @Size(min = 1, max = 1024)
    @Pattern(REASON_PATTERN)
    public String reason;

    private Policy() {}
  }
}
