package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pom.xml's version is the one place a release is numbered: scripts/image.sh tags the image with
 * it, so the chart (its appVersion is the default image tag) and the kustomize base must name the
 * same version and repository, or an install pulls an image no build made.
 */
class ProjectVersionTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** Maven passes these; without them (an IDE run) the test cannot judge anything. */
  private static final String VERSION = required("project.version");

  private static final String IMAGE = required("image.name");

  @Test
  void theChartsAppVersionAndVersionAreThePomsVersion() {
    Map<String, Object> chart = yaml("charts/dynamodb-backup-operator/Chart.yaml");

    assertThat(chart.get("appVersion"))
        .as("Chart.yaml appVersion: the default image tag, must be pom.xml's version")
        .isEqualTo(VERSION);
    assertThat(chart.get("version")).as("Chart.yaml version").isEqualTo(VERSION);
  }

  @Test
  void theChartsDefaultImageIsTheOneTheBuildNames() {
    Map<String, Object> values = yaml("charts/dynamodb-backup-operator/values.yaml");
    @SuppressWarnings("unchecked")
    Map<String, Object> image = (Map<String, Object>) values.get("image");

    assertThat(image.get("repository")).isEqualTo(IMAGE);
    assertThat(image.get("tag")).as("empty: the tag is the chart's appVersion").isEqualTo("");
  }

  @Test
  void theKustomizeBasePinsTheSameImage() {
    Map<String, Object> kustomization = yaml("config/manager/kustomization.yaml");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> images = (List<Map<String, Object>>) kustomization.get("images");

    assertThat(images)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.get("newName")).isEqualTo(IMAGE);
              assertThat(String.valueOf(i.get("newTag"))).isEqualTo(VERSION);
            });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) {
    return YAML.unmarshal(ProjectFiles.read(file), Map.class);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run this test through Maven");
    }
    return value;
  }
}
