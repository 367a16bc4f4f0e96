package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.FailureText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * config/iam/export-policy.json and export-bucket-policy.json: the S3 calls the operator makes on
 * an export bucket are granted, on the prefix only, nothing deletes, and a refusal names a grant
 * the files really hold.
 */
class ExportIamPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "arn:aws:s3:::${EXPORT_BUCKET}";
  private static final String PREFIX = BUCKET + "/${EXPORT_PREFIX}/";

  /** The S3 API's calls and the IAM actions that allow them (S3's authorization reference). */
  private static final Map<Operation, String> IAM_ACTION =
      Map.of(
          Operation.PUT_OBJECT, "s3:PutObject",
          Operation.GET_OBJECT, "s3:GetObject",
          Operation.LIST_OBJECTS, "s3:ListBucket",
          Operation.GET_BUCKET_VERSIONING, "s3:GetBucketVersioning",
          Operation.GET_OBJECT_LOCK_CONFIGURATION, "s3:GetBucketObjectLockConfiguration");

  private static final Map<Operation, String> RESOURCE =
      Map.of(
          Operation.PUT_OBJECT, PREFIX + "*",
          Operation.GET_OBJECT, PREFIX + "ddbbackup/chain/*",
          Operation.LIST_OBJECTS, BUCKET,
          Operation.GET_BUCKET_VERSIONING, BUCKET,
          Operation.GET_OBJECT_LOCK_CONFIGURATION, BUCKET);

  @Test
  void everyS3CallOfTheOperatorIsGrantedOnItsResourceAndItsRefusalNamesThatGrant()
      throws IOException {
    List<Statement> granted = statements(read("export-policy.json"));

    IAM_ACTION.forEach(
        (op, action) -> {
          assertThat(granted)
              .as(op.awsName())
              .anySatisfy(
                  s -> {
                    assertThat(s.effect).isEqualTo("Allow");
                    assertThat(s.actions).contains(action);
                    assertThat(s.resources).containsExactly(RESOURCE.get(op));
                  });
          assertThat(FailureText.bucketAccessDenied(op, "b", null, null, null, false))
              .contains(action + " on ")
              .contains("config/iam/export-policy.json");
        });
  }

  @Test
  void theListingIsBoundToTheChainsFolderAndNothingDeletesOrReachesBeyondThePrefix()
      throws IOException {
    JsonNode policy = read("export-policy.json");

    JsonNode list = statement(policy, "s3:ListBucket");
    assertThat(list.at("/Condition/StringEquals/s3:prefix").asText())
        .isEqualTo("${EXPORT_PREFIX}/ddbbackup/chain/");
    List<Statement> all = statements(policy);
    assertThat(all)
        .flatExtracting(s -> s.actions)
        .noneMatch(a -> a.contains("Delete") || a.contains("*"));
    assertThat(all)
        .filteredOn(s -> s.actions.stream().anyMatch(a -> a.startsWith("s3:")))
        .flatExtracting(s -> s.resources)
        .allMatch(r -> r.equals(BUCKET) || r.startsWith(PREFIX));
  }

  @Test
  void theOtherAccountsBucketPolicyLetsTheRoleDoTheSameAndDeniesItDeletes() throws IOException {
    List<Statement> bucketPolicy = statements(read("export-bucket-policy.json"));

    IAM_ACTION.forEach(
        (op, action) ->
            assertThat(bucketPolicy)
                .as(op.awsName())
                .anySatisfy(
                    s -> {
                      assertThat(s.effect).isEqualTo("Allow");
                      assertThat(s.actions).contains(action);
                    }));
    assertThat(bucketPolicy)
        .filteredOn(s -> s.effect.equals("Deny"))
        .flatExtracting(s -> s.actions)
        .contains("s3:DeleteObject", "s3:DeleteObjectVersion");
  }

  private record Statement(String effect, List<String> actions, List<String> resources) {}

  private static JsonNode statement(JsonNode policy, String action) {
    for (JsonNode s : policy.get("Statement")) {
      if (strings(s.get("Action")).contains(action)) {
        return s;
      }
    }
    throw new AssertionError("no statement with " + action);
  }

  private static List<Statement> statements(JsonNode policy) {
    List<Statement> result = new ArrayList<>();
    for (JsonNode s : policy.get("Statement")) {
      assertThat(s.has("NotAction") || s.has("NotResource")).isFalse();
      result.add(
          new Statement(
              s.get("Effect").asText(), strings(s.get("Action")), strings(s.get("Resource"))));
    }
    return result;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(a -> out.add(a.asText()));
    } else {
      out.add(n.asText());
    }
    return out;
  }

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(ProjectFiles.read("config/iam/" + name));
  }
}
