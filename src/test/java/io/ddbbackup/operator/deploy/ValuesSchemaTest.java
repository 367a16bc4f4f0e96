package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json covers every value of values.yaml: each path leads through the schema's
 * properties to a node, or into an object the schema deliberately leaves open (a Kubernetes object
 * such as resources or securityContext, which the API server checks).
 */
class ValuesSchemaTest {

  @Test
  void everyValueHasASchema() throws IOException {
    JsonNode schema =
        new ObjectMapper().readTree(ProjectFiles.read(Chart.PATH + "/values.schema.json"));

    assertThat(ValuesFile.leafPaths())
        .isNotEmpty()
        .allSatisfy(path -> assertThat(covered(schema, schema, path)).as(path).isTrue());
  }

  @Test
  void theSchemaRefusesKeysItDoesNotKnow() throws IOException {
    JsonNode schema =
        new ObjectMapper().readTree(ProjectFiles.read(Chart.PATH + "/values.schema.json"));

    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
  }

  private static boolean covered(JsonNode root, JsonNode node, String path) {
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText().substring("#/".length());
      JsonNode target = root;
      for (String part : ref.split("/")) {
        target = target.get(part);
      }
      return covered(root, target, path);
    }
    if (path.isEmpty()) {
      return true;
    }
    String head = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    String rest = path.contains(".") ? path.substring(path.indexOf('.') + 1) : "";
    JsonNode properties = node.get("properties");
    if (properties != null && properties.has(head)) {
      return covered(root, properties.get(head), rest);
    }
    // an open object: no list of properties and nothing forbidding others
    return properties == null
        && !node.path("additionalProperties").isBoolean()
        && "object".equals(node.path("type").asText());
  }
}
