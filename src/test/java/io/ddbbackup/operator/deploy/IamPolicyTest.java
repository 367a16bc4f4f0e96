package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config/iam/: least privilege for the operator's AWS role, and who may assume it. */
class IamPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "arn:aws:dynamodb:${AWS_REGION}:${AWS_ACCOUNT_ID}:table/";

  @Test
  void thePermissionPolicyAllowsTheScheduleCallsAndNothingElse() throws IOException {
    JsonNode policy = read("permission-policy.json");

    assertThat(statements(policy))
        .extracting(s -> s.effect, s -> s.actions, s -> s.resource)
        .containsExactlyInAnyOrder(
            // DescribeTable: the check of a new spec's table (TableNotFound before the first slot)
            tuple(
                "Allow",
                List.of("dynamodb:DescribeTable", "dynamodb:CreateBackup"),
                TABLE + "${TABLE_NAME}"),
            // spec.pointInTimeRecovery: checked once per interval, updated to apply or undo drift
            tuple(
                "Allow",
                List.of("dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups"),
                TABLE + "${TABLE_NAME}"),
            tuple(
                "Allow",
                List.of("dynamodb:DescribeBackup", "dynamodb:DeleteBackup"),
                TABLE + "${TABLE_NAME}/backup/*"),
            // ListBackups has no resource-level permissions: only "*" works
            tuple("Allow", List.of("dynamodb:ListBackups"), "*"));
  }

  @Test
  void theRestorePolicyWritesOnlyTablesUnderTheRestorePrefixAndDeletesOnlyTaggedOnes()
      throws IOException {
    JsonNode policy = read("restore-policy.json");
    String restored = TABLE + "${RESTORE_TABLE_PREFIX}*";

    assertThat(statements(policy))
        .extracting(s -> s.effect, s -> s.resource)
        .containsExactlyInAnyOrder(
            tuple("Allow", TABLE + "${TABLE_NAME}/backup/*"),
            tuple("Allow", TABLE + "${TABLE_NAME}"),
            tuple("Allow", restored),
            tuple("Allow", restored));
    // the source table is read and restored from, never written or deleted
    assertThat(statements(policy))
        .filteredOn(s -> s.resource.equals(TABLE + "${TABLE_NAME}"))
        .flatExtracting(s -> s.actions)
        .containsExactlyInAnyOrder("dynamodb:RestoreTableToPointInTime", "dynamodb:DescribeTable");
    // AWS: a restore needs write permissions on the target table
    assertThat(statements(policy))
        .filteredOn(s -> s.resource.equals(restored))
        .flatExtracting(s -> s.actions)
        .contains(
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:BatchWriteItem",
            "dynamodb:DeleteTable");
    JsonNode delete = policy.get("Statement").get(3);
    assertThat(delete.get("Action").asText()).isEqualTo("dynamodb:DeleteTable");
    assertThat(delete.at("/Condition/Null/aws:ResourceTag~1ddbbackup.io~1restore-uid").asText())
        .isEqualTo("false");
  }

  @Test
  void theRestoreFromExportPolicyImportsIntoRestoreTablesReadsOnlyThePrefixAndWritesNoItem()
      throws IOException {
    List<Statement> statements = statements(read("restore-from-export-policy.json"));
    String restored = TABLE + "${RESTORE_TABLE_PREFIX}*";
    // every call the operator makes for a restore from exports, on the resource it needs
    assertThat(statements)
        .filteredOn(s -> s.resource.equals(restored))
        .flatExtracting(s -> s.actions)
        .contains(
            "dynamodb:ImportTable",
            "dynamodb:DescribeImport",
            "dynamodb:ListImports",
            "dynamodb:DescribeTable",
            "dynamodb:TagResource",
            "dynamodb:ListTagsOfResource",
            "dynamodb:DeleteTable");
    assertThat(statements)
        .filteredOn(s -> s.actions.contains("s3:GetObject"))
        .extracting(s -> s.resource)
        .containsExactly("arn:aws:s3:::${EXPORT_BUCKET}/${EXPORT_PREFIX}/*");
    // the items are written by the replay Jobs under their own role, never by the operator, and
    // nothing in the bucket is written or deleted
    assertThat(statements)
        .flatExtracting(s -> s.actions)
        .noneMatch(
            a ->
                a.equals("dynamodb:PutItem")
                    || a.equals("dynamodb:BatchWriteItem")
                    || a.startsWith("s3:Put")
                    || a.startsWith("s3:Delete"));
    assertThat(statements)
        .filteredOn(s -> s.actions.contains("dynamodb:DeleteTable"))
        .extracting(s -> s.resource)
        .containsExactly(restored);
  }

  @Test
  void theDiscoveryPolicyOnlyReadsTableNamesTagsAndArns() throws IOException {
    JsonNode policy = read("policy-discovery-policy.json");

    // a backup policy's discovery: ListTables pages, the tags in GetResources pages (neither has
    // resource-level permissions); where GetResources is refused by something else (an SCP), one
    // DescribeTable for the account's ARN and ListTagsOfResource per table; nothing that writes
    assertThat(statements(policy))
        .extracting(s -> s.effect, s -> s.actions, s -> s.resource)
        .containsExactlyInAnyOrder(
            tuple("Allow", List.of("dynamodb:ListTables", "tag:GetResources"), "*"),
            tuple(
                "Allow",
                List.of("dynamodb:ListTagsOfResource", "dynamodb:DescribeTable"),
                TABLE + "*"));
  }

  @Test
  void theDrillPolicyTouchesOnlyScratchTablesAndDeletesOnlyTaggedOnes() throws IOException {
    JsonNode policy = read("drill-policy.json");
    String scratch = TABLE + "ddbbackup-drill-*";

    assertThat(statements(policy))
        .extracting(s -> s.resource)
        .containsExactlyInAnyOrder(TABLE + "${TABLE_NAME}/backup/*", scratch, scratch);
    assertThat(statements(policy))
        .filteredOn(s -> s.resource.startsWith(TABLE + "${TABLE_NAME}"))
        .flatExtracting(s -> s.actions)
        .containsExactly("dynamodb:RestoreTableFromBackup");
    assertThat(statements(policy))
        .filteredOn(s -> s.resource.equals(scratch))
        .flatExtracting(s -> s.actions)
        .contains("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:DeleteTable");
    JsonNode delete = policy.get("Statement").get(2);
    assertThat(delete.get("Action").asText()).isEqualTo("dynamodb:DeleteTable");
    assertThat(delete.at("/Condition/Null/aws:ResourceTag~1ddbbackup.io~1drill-of").asText())
        .isEqualTo("false");
  }

  @Test
  void theExportPolicyAllowsEveryExportCallOnTheTableAndWritesOnlyUnderThePrefix()
      throws IOException {
    JsonNode policy = read("export-policy.json");
    java.util.Map<String, List<String>> resourcesByAction = new java.util.HashMap<>();
    for (JsonNode s : policy.get("Statement")) {
      assertThat(s.get("Effect").asText()).isEqualTo("Allow");
      assertThat(s.has("NotAction") || s.has("NotResource")).isFalse();
      List<String> resources = new ArrayList<>();
      if (s.get("Resource").isArray()) {
        s.get("Resource").forEach(r -> resources.add(r.asText()));
      } else {
        resources.add(s.get("Resource").asText());
      }
      List<String> actions = new ArrayList<>();
      if (s.get("Action").isArray()) {
        s.get("Action").forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(s.get("Action").asText());
      }
      actions.forEach(
          a -> resourcesByAction.computeIfAbsent(a, k -> new ArrayList<>()).addAll(resources));
    }
    // every call the export side makes, named by the operator's own list of operations
    for (var op :
        List.of(
            io.ddbbackup.operator.backup.BackupStore.Operation.EXPORT,
            io.ddbbackup.operator.backup.BackupStore.Operation.DESCRIBE_EXPORT,
            io.ddbbackup.operator.backup.BackupStore.Operation.LIST_EXPORTS)) {
      assertThat(resourcesByAction).containsKey("dynamodb:" + op.awsName());
    }
    assertThat(resourcesByAction.get("dynamodb:ExportTableToPointInTime"))
        .containsExactly(TABLE + "${TABLE_NAME}", TABLE + "${TABLE_NAME}/export/*");
    assertThat(resourcesByAction.get("dynamodb:DescribeExport"))
        .containsExactly(TABLE + "${TABLE_NAME}", TABLE + "${TABLE_NAME}/export/*");
    // ListExports has no resource-level permission (as ListBackups)
    assertThat(resourcesByAction.get("dynamodb:ListExports")).containsExactly("*");
    for (String write : List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:PutObjectAcl")) {
      assertThat(resourcesByAction.get(write))
          .containsExactly("arn:aws:s3:::${EXPORT_BUCKET}/${EXPORT_PREFIX}/*");
    }
    assertThat(resourcesByAction.get("s3:GetBucketObjectLockConfiguration"))
        .containsExactly("arn:aws:s3:::${EXPORT_BUCKET}");
    assertThat(resourcesByAction.get("kms:GenerateDataKey"))
        .containsExactly("${EXPORT_KMS_KEY_ARN}");
    // never a delete: retention off-site is the bucket's
    assertThat(resourcesByAction.keySet()).noneMatch(a -> a.contains("Delete"));
  }

  @Test
  void onlyTheOperatorsServiceAccountWithTheStsAudienceMayAssumeTheRole() throws IOException {
    JsonNode statement = read("trust-policy-irsa.json").get("Statement").get(0);

    assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
    assertThat(statement.at("/Principal/Federated").asText())
        .isEqualTo("arn:aws:iam::${AWS_ACCOUNT_ID}:oidc-provider/${OIDC_PROVIDER}");
    JsonNode equals = statement.at("/Condition/StringEquals");
    assertThat(equals.get("${OIDC_PROVIDER}:sub").asText())
        .isEqualTo("system:serviceaccount:ddbbackup-system:dynamodb-backup-operator");
    assertThat(equals.get("${OIDC_PROVIDER}:aud").asText()).isEqualTo("sts.amazonaws.com");
    assertThat(read("trust-policy-irsa.json").get("Statement")).hasSize(1);
  }

  @Test
  void podIdentityMayAssumeTheRoleOnlyForTheOperatorsServiceAccountOnOneCluster()
      throws IOException {
    JsonNode trust = read("trust-policy-pod-identity.json").get("Statement");

    assertThat(trust).hasSize(1);
    JsonNode statement = trust.get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.at("/Principal/Service").asText()).isEqualTo("pods.eks.amazonaws.com");
    // EKS Pod Identity assumes the role with session tags: without sts:TagSession it fails
    List<String> actions = new ArrayList<>();
    statement.get("Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactlyInAnyOrder("sts:AssumeRole", "sts:TagSession");
    JsonNode equals = statement.at("/Condition/StringEquals");
    assertThat(equals.get("aws:RequestTag/kubernetes-namespace").asText())
        .isEqualTo("ddbbackup-system");
    assertThat(equals.get("aws:RequestTag/kubernetes-service-account").asText())
        .isEqualTo("dynamodb-backup-operator");
    assertThat(equals.get("aws:RequestTag/eks-cluster-arn").asText())
        .isEqualTo("arn:aws:eks:${AWS_REGION}:${AWS_ACCOUNT_ID}:cluster/${CLUSTER}");
  }

  @Test
  void theCrossAccountRoleTrustsOnlyTheOperatorsRole() throws IOException {
    JsonNode trust = read("cross-account-trust-policy.json").get("Statement");
    JsonNode assume = read("operator-assume-role-policy.json").get("Statement");

    assertThat(trust).hasSize(1);
    assertThat(trust.get(0).at("/Principal/AWS").asText())
        .isEqualTo("arn:aws:iam::${AWS_ACCOUNT_ID}:role/dynamodb-backup-operator");
    assertThat(trust.get(0).get("Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(assume).hasSize(1);
    assertThat(assume.get(0).get("Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(assume.get(0).get("Resource").asText())
        .isEqualTo("arn:aws:iam::${TARGET_ACCOUNT_ID}:role/ddbbackup-cross-account");
  }

  private record Statement(String effect, List<String> actions, String resource) {}

  private static List<Statement> statements(JsonNode policy) {
    List<Statement> result = new ArrayList<>();
    for (JsonNode s : policy.get("Statement")) {
      List<String> actions = new ArrayList<>();
      if (s.get("Action").isArray()) {
        s.get("Action").forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(s.get("Action").asText());
      }
      assertThat(s.has("NotAction") || s.has("NotResource")).isFalse();
      result.add(new Statement(s.get("Effect").asText(), actions, s.get("Resource").asText()));
    }
    return result;
  }

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(ProjectFiles.read("config/iam/" + name));
  }
}
