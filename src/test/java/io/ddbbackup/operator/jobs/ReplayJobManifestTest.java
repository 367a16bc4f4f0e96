package io.ddbbackup.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.restore.ReplayRequest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the Job carries that no test cluster judges for us: the labels the operator finds its Jobs
 * by (a restore's name can be longer than a label value) and the environment handed to the pods
 * (never the operator's credentials). ReplayJobsOnApiServerIT runs the Job itself.
 */
class ReplayJobManifestTest {

  private static final String UID = "6f1c2a9e-0b7d-4c55-9e13-2f4b8d7a1c00";

  @Test
  void aLongRestoreNameIsCutToALabelValueAndKeptWholeInAnAnnotation() {
    String name = "orders-" + "x".repeat(60) + ".v2";
    Job job = ReplayJobManifest.of(request(name), settings(Map.of()));

    Map<String, String> labels = job.getMetadata().getLabels();
    assertThat(labels.get(ReplayJobManifest.RESTORE_NAME))
        .hasSize(63)
        .matches("[a-z0-9].*[a-z0-9]");
    assertThat(labels)
        .containsEntry(ReplayJobManifest.RESTORE_UID, UID)
        .containsEntry(ReplayJobManifest.RESTORE_NAMESPACE, "shop")
        .containsEntry(ReplayJobManifest.SEQUENCE, "4");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(ReplayJobManifest.RESTORE_ANNOTATION, "shop/" + name);
    // its pods' hostnames are <name>-<index>, a DNS label: room for two digits of index
    assertThat(job.getMetadata().getName() + "-63").hasSizeLessThanOrEqualTo(63);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(ReplayJobManifest.RESTORE_UID, UID);
  }

  @Test
  void thePodsGetTheOperatorsRegionEndpointsAndLogSettingsButNoCredentials() {
    Map<String, String> operatorEnv =
        Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ENDPOINT_URL", "http://moto:5000",
            "AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:8000",
            "AWS_STS_REGIONAL_ENDPOINTS", "regional",
            "LOG_FORMAT", "json",
            "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "token",
            "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/operator",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token");

    Job job =
        ReplayJobManifest.of(request("r"), settings(ReplayJobSettings.passedThrough(operatorEnv)));

    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "JAVA_TOOL_OPTIONS=" + ReplayJobManifest.JAVA_TOOL_OPTIONS,
            "AWS_ENDPOINT_URL=http://moto:5000",
            "AWS_ENDPOINT_URL_DYNAMODB=http://ddb:8000",
            "AWS_REGION=eu-west-1",
            "AWS_STS_REGIONAL_ENDPOINTS=regional",
            "LOG_FORMAT=json");
  }

  private static ReplayRequest request(String restore) {
    return new ReplayRequest(
        ReplayRequest.jobName(restore, UID, 4),
        "shop",
        restore,
        UID,
        4,
        "offsite",
        null,
        "p/AWSDynamoDB/01/manifest-files.json",
        "orders-restored",
        "eu-west-1",
        null,
        2,
        null);
  }

  private static ReplayJobSettings settings(Map<String, String> env) {
    return new ReplayJobSettings(
        "ddbbackup-system", "image:1", "IfNotPresent", "replay", "250m", "512Mi", env);
  }
}
