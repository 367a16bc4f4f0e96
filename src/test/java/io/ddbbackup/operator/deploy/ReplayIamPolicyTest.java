package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * config/iam/replay-policy.json, the replay pods' policy: the calls the replay command makes are
 * granted, DynamoDB's only on tables carrying the restore's owner tag, S3's only under the export
 * prefix; nothing deletes a table, reads items or reaches another table.
 */
class ReplayIamPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What aws.DynamoDbReplayTable and aws.S3ReplaySource call. */
  private static final List<String> CALLS =
      List.of(
          "dynamodb:DescribeTable",
          "dynamodb:ListTagsOfResource",
          "dynamodb:BatchWriteItem",
          "s3:GetObject");

  @Test
  void theReplaysCallsAreGrantedAndDynamoDbsOnlyOnTablesTaggedAsARestoresTarget()
      throws IOException {
    JsonNode policy = JSON.readTree(ProjectFiles.read("config/iam/replay-policy.json"));
    List<JsonNode> statements = new ArrayList<>();
    policy.get("Statement").forEach(statements::add);

    assertThat(statements).allSatisfy(s -> assertThat(s.get("Effect").asText()).isEqualTo("Allow"));
    assertThat(statements.stream().flatMap(s -> actions(s).stream()).toList())
        .containsAll(CALLS)
        .noneMatch(a -> a.contains("*") || a.contains("DeleteTable") || a.contains("Scan"))
        .noneMatch(a -> a.contains("GetItem") || a.contains("Query") || a.contains("Update"));
    for (JsonNode s : statements) {
      if (actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
        assertThat(actions(s))
            .containsExactlyInAnyOrder(
                "dynamodb:BatchWriteItem",
                "dynamodb:PutItem",
                "dynamodb:DeleteItem",
                "dynamodb:DescribeTable",
                "dynamodb:ListTagsOfResource");
        assertThat(s.at("/Condition/Null/aws:ResourceTag~1ddbbackup.io~1restore-uid").asText())
            .as("only tables carrying the owner tag")
            .isEqualTo("false");
      }
      if (actions(s).contains("s3:GetObject")) {
        assertThat(s.get("Resource").asText())
            .isEqualTo("arn:aws:s3:::${EXPORT_BUCKET}/${EXPORT_PREFIX}/AWSDynamoDB/*");
      }
      if (actions(s).contains("s3:ListBucket")) {
        assertThat(s.at("/Condition/StringLike/s3:prefix").asText())
            .isEqualTo("${EXPORT_PREFIX}/AWSDynamoDB/*");
      }
    }
  }

  private static List<String> actions(JsonNode statement) {
    List<String> out = new ArrayList<>();
    JsonNode n = statement.get("Action");
    if (n.isArray()) {
      n.forEach(a -> out.add(a.asText()));
    } else {
      out.add(n.asText());
    }
    return out;
  }
}
