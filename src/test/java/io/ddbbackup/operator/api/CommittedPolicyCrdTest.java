package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reconciler.policy.PolicyReason;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DynamoDBBackupPolicy CRD under crds/ is what the build generates from the Java classes. */
class CommittedPolicyCrdTest {

  static final String FILE = "dynamodbbackuppolicies.ddbbackup.io-v1.yml";

  static CustomResourceDefinition generated;
  static CustomResourceDefinition committed;

  @BeforeAll
  static void load() throws IOException {
    generated = CrdFiles.generated(FILE, DynamoDBBackupPolicy.class);
    committed = CrdFiles.committed(FILE);
  }

  @Test
  void committedCrdMatchesTheJavaClasses() {
    assertThat(committed)
        .as("crds/%s is stale: run mvn test -Dtest=CommittedPolicyCrdTest -Dcrds.update=true", FILE)
        .isEqualTo(generated);
  }

  @Test
  void kubectlGetPrintsTheFleetAtAGlance() {
    var columns = committed.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "REGION",
            "MATCHED",
            "COVERED",
            "SKIPPED",
            "FAILING",
            "OLDEST POINT",
            "READY",
            "REASON",
            "AGE");
  }

  @Test
  void namesAndRequiredFieldsAreAsTheIssueSays() {
    var spec = committed.getSpec();
    assertThat(spec.getNames().getKind()).isEqualTo("DynamoDBBackupPolicy");
    assertThat(spec.getNames().getShortNames()).containsExactly("ddbbp");
    assertThat(spec.getScope()).isEqualTo("Namespaced");
    assertThat(spec.getVersions().get(0).getSubresources().getStatus()).isNotNull();
    JSONSchemaProps specSchema =
        spec.getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(specSchema.getRequired())
        .containsExactlyInAnyOrder("region", "selector", "template");
    assertThat(specSchema.getProperties().get("discoveryInterval").getDefault().asText())
        .isEqualTo("10m");
    // the template is a schedule's spec without the fields the policy decides
    assertThat(specSchema.getProperties().get("template").getProperties().keySet())
        .doesNotContain("tableName", "region", "roleArn", "backupNamePrefix")
        .contains("schedule", "retention", "deletionPolicy", "verify", "pointInTimeRecovery");
    JSONSchemaProps tags = specSchema.getProperties().get("selector").getProperties().get("tags");
    assertThat(tags.getProperties().keySet()).containsExactlyInAnyOrder("allOf", "anyOf", "noneOf");
  }

  @Test
  void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
    assertThat(CrdFiles.undocumented(committed)).isEmpty();
  }

  @Test
  void kubectlExplainListsTheReadyReasonsAPolicyIsGivenAndNoOthers() {
    assertThat(CrdFiles.explainedReadyReasons(committed))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(PolicyReason.values()).map(PolicyReason::reason).toList());
  }
}
