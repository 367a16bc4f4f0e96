package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reconciler.restore.RestoreReasons;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DynamoDBRestore CRD under crds/ is what the build generates from the Java classes. */
class CommittedRestoreCrdTest {

  static final String FILE = "dynamodbrestores.ddbbackup.io-v1.yml";

  static CustomResourceDefinition generated;
  static CustomResourceDefinition committed;

  @BeforeAll
  static void load() throws IOException {
    generated = CrdFiles.generated(FILE, DynamoDBRestore.class);
    committed = CrdFiles.committed(FILE);
  }

  @Test
  void committedCrdMatchesTheJavaClasses() {
    assertThat(committed)
        .as(
            "crds/%s is stale: run mvn test -Dtest=CommittedRestoreCrdTest -Dcrds.update=true",
            FILE)
        .isEqualTo(generated);
  }

  @Test
  void kubectlGetPrintsSourceTargetPhaseDurationAndAge() {
    var columns = committed.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("SOURCE", "TARGET", "PHASE", "DURATION", "REASON", "AGE");
  }

  @Test
  void namesStatusSubresourceAndImmutabilityAreAsTheIssueSays() {
    var spec = committed.getSpec();
    assertThat(spec.getGroup()).isEqualTo("ddbbackup.io");
    assertThat(spec.getScope()).isEqualTo("Namespaced");
    assertThat(spec.getNames().getKind()).isEqualTo("DynamoDBRestore");
    assertThat(spec.getNames().getShortNames()).containsExactly("ddbrestore");
    assertThat(spec.getNames().getCategories()).containsExactly("ddbbackup");
    assertThat(spec.getVersions().get(0).getSubresources().getStatus()).isNotNull();
    JSONSchemaProps specSchema =
        spec.getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(specSchema.getRequired()).containsExactlyInAnyOrder("source", "targetTableName");
    assertThat(specSchema.getXKubernetesValidations())
        .anySatisfy(rule -> assertThat(rule.getRule()).isEqualTo("self == oldSelf"));
    assertThat(
            specSchema.getProperties().get("source").getXKubernetesValidations().get(0).getRule())
        .contains("has(self.backupName)", "has(self.fromSchedule)", "== 1");
  }

  @Test
  void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
    assertThat(CrdFiles.undocumented(committed)).isEmpty();
  }

  @Test
  void conditionsAreAMapListOfMetaV1ConditionsAndTimesAreDateTimes() {
    JSONSchemaProps status =
        committed
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status");
    JSONSchemaProps conditions = status.getProperties().get("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    assertThat(conditions.getItems().getSchema().getRequired())
        .containsExactlyInAnyOrder("type", "status", "lastTransitionTime", "reason", "message");
    for (String time : List.of("startTime", "completionTime", "restoredTo")) {
      assertThat(status.getProperties().get(time).getFormat()).as(time).isEqualTo("date-time");
    }
  }

  @Test
  void kubectlExplainListsTheReadyReasonsARestoreIsGivenAndNoOthers() {
    assertThat(CrdFiles.explainedReadyReasons(committed))
        .containsExactlyInAnyOrderElementsOf(RestoreReasons.all());
  }
}
