package io.ddbbackup.operator.backup;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import java.util.EnumSet;
import java.util.Set;

/**
 * The sentences a user reads in a Ready message or an Event when AWS refuses: what was refused,
 * where and as whom, and what to change. Written once here for every port and both resource kinds,
 * so a schedule and a restore say the same thing about the same cause.
 */
public final class FailureText {

  /** The calls only restores make: their grants are in the restore policy. */
  private static final Set<Operation> RESTORE_CALLS =
      EnumSet.of(
          Operation.RESTORE_FROM_BACKUP,
          Operation.RESTORE_TO_POINT_IN_TIME,
          Operation.DELETE_TABLE,
          Operation.TAG_RESOURCE,
          Operation.LIST_TAGS);

  /** The calls both kinds make. */
  private static final Set<Operation> SHARED_CALLS =
      EnumSet.of(Operation.DESCRIBE, Operation.DESCRIBE_TABLE);

  private FailureText() {}

  /**
   * The table does not exist where the call looked.
   *
   * @param table spec's table (a name or an ARN)
   * @param region the region the call went to
   */
  public static String tableNotFound(String table, String region, String roleArn) {
    return "table %s not found in region %s%s: check the table name, or name the table's region"
            .formatted(table, region, roleArn == null ? "" : " (as spec.roleArn " + roleArn + ")")
        + " with spec.region, a table ARN, or the operator's default region (the Helm chart's"
        + " value aws.region)";
  }

  /**
   * IAM refused {@code op}: names the action, the table, the region and the identity, and where the
   * grant is written.
   *
   * @param table the table (a name or an ARN); null for a call about every table (ListBackups)
   * @param roleArn spec.roleArn, or null for the operator's own identity
   */
  public static String accessDenied(Operation op, String table, String region, String roleArn) {
    String on = table == null ? "" : " on table " + table;
    String action = op == Operation.GET_RESOURCES ? "tag:GetResources" : "dynamodb:" + op.awsName();
    return "%s%s in region %s was denied to %s: grant it to that role (%s; docs/iam.md)"
        .formatted(action, on, region, who(roleArn), policyFor(op));
  }

  /**
   * S3 says the export bucket does not exist.
   *
   * @param owner spec's s3BucketOwner, or null
   */
  public static String bucketNotFound(String bucket, String owner) {
    return ("export bucket %s does not exist: create it, or correct spec.export.s3Bucket%s"
            + " (docs/export.md)")
        .formatted(
            bucket,
            owner == null
                ? ""
                : "; it is expected in account " + owner + " (spec.export.s3BucketOwner)");
  }

  /**
   * S3 refused {@code op} on the export bucket: names the IAM action, the resource and the
   * identity, where the grant is written, and what another account's bucket or a KMS key adds.
   *
   * @param key the object or prefix the call was about, or null for a call about the bucket
   * @param owner spec's s3BucketOwner, or null when the bucket is the caller's account's
   * @param kms true when the objects are encrypted with a KMS key
   */
  public static String bucketAccessDenied(
      Operation op, String bucket, String key, String owner, String roleArn, boolean kms) {
    String resource = "arn:aws:s3:::" + bucket + (key == null ? "" : "/" + key);
    StringBuilder text =
        new StringBuilder(
            "s3:%s on %s was denied to %s: grant it to that role (config/iam/export-policy.json)"
                .formatted(s3Action(op), resource, who(roleArn)));
    if (owner != null) {
      text.append(
          "; the bucket is expected to belong to account %s (spec.export.s3BucketOwner): check"
                  .formatted(owner)
              + " that it does, and that its bucket policy lets this role in"
              + " (config/iam/export-bucket-policy.json)");
    }
    if (kms) {
      text.append(
          "; with SSE-KMS the role also needs kms:GenerateDataKey and kms:Decrypt on the key,"
              + " and the key's policy must allow it");
    }
    return text.append(" (docs/export.md)").toString();
  }

  /** The IAM action that allows an S3 call (they are not always named alike). */
  private static String s3Action(Operation op) {
    return switch (op) {
      case LIST_OBJECTS -> "ListBucket";
      case GET_OBJECT_LOCK_CONFIGURATION -> "GetBucketObjectLockConfiguration";
      default -> op.awsName();
    };
  }

  /** STS refused to let the operator's identity assume spec.roleArn. */
  public static String roleNotAssumed(String roleArn) {
    return ("the operator's role may not assume spec.roleArn %s: that role's trust policy must name"
            + " the operator's role (config/iam/cross-account-trust-policy.json) and the"
            + " operator's role needs sts:AssumeRole on it"
            + " (config/iam/operator-assume-role-policy.json; docs/iam.md)")
        .formatted(roleArn);
  }

  /** The SDK found no credentials at all: the pod has neither IRSA nor Pod Identity. */
  public static String noCredentials() {
    return "no AWS credentials: set serviceAccount.roleArn (IRSA) or create a Pod Identity"
        + " association (docs/iam.md)";
  }

  /** IRSA is set up, but STS did not trade the pod's token for the role's credentials. */
  public static String irsaRefused(String roleArn) {
    return ("the operator's IRSA role %s gave no credentials: its trust policy must allow this"
            + " ServiceAccount's token (config/iam/trust-policy-irsa.json: the sub"
            + " system:serviceaccount:<namespace>:<serviceaccount>, audience sts.amazonaws.com;"
            + " docs/iam.md)")
        .formatted(roleArn == null ? "(AWS_ROLE_ARN)" : roleArn);
  }

  /** Pod Identity is set up, but its agent gave no credentials. */
  public static String podIdentityRefused() {
    return "the EKS Pod Identity agent gave no credentials: check the eks-pod-identity-agent"
        + " add-on, the pod identity association of this ServiceAccount and the role's trust"
        + " policy (config/iam/trust-policy-pod-identity.json; docs/iam.md)";
  }

  /** No region anywhere: not in the spec, not in the table ARN, not in the operator's settings. */
  public static String noRegion() {
    return "no AWS region: set spec.region, give the table as an ARN, or set the operator's"
        + " default region (the Helm chart's value aws.region, AWS_REGION)";
  }

  private static String who(String roleArn) {
    return roleArn == null
        ? "the operator's own identity (its IRSA role or Pod Identity association)"
        : "spec.roleArn " + roleArn;
  }

  private static String policyFor(Operation op) {
    if (op == Operation.LIST_TABLES || op == Operation.GET_RESOURCES) {
      return "config/iam/policy-discovery-policy.json";
    }
    if (op == Operation.LIST_TAGS) {
      return "config/iam/restore-policy.json, for backup policies policy-discovery-policy.json";
    }
    if (RESTORE_CALLS.contains(op)) {
      return "config/iam/restore-policy.json";
    }
    if (SHARED_CALLS.contains(op)) {
      return "config/iam/permission-policy.json, for restores restore-policy.json";
    }
    return "config/iam/permission-policy.json";
  }
}
