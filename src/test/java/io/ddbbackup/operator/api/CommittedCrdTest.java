package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbbackup.operator.reconciler.schedule.ScheduleReasons;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD under crds/ is what the build generates from the Java classes, finished by {@link
 * CrdFiles#finish} with what crd-generator 7.5.2 cannot express. Run with -Dcrds.update=true to
 * rewrite crds/ after changing the resource classes.
 */
class CommittedCrdTest {

  static final String FILE = "dynamodbbackupschedules.ddbbackup.io-v1.yml";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static CustomResourceDefinition generated;
  static CustomResourceDefinition committed;

  @BeforeAll
  static void load() throws IOException {
    generated = CrdFiles.generated(FILE, DynamoDBBackupSchedule.class);
    committed = CrdFiles.committed(FILE);
  }

  @Test
  void committedCrdMatchesTheJavaClasses() {
    assertThat(committed)
        .as("crds/%s is stale: run mvn test -Dtest=CommittedCrdTest -Dcrds.update=true", FILE)
        .isEqualTo(generated);
  }

  @Test
  void kubectlGetPrintsTheContractColumnsInOrder() {
    var columns = committed.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .filteredOn(c -> c.getPriority() == null || c.getPriority() == 0)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "TABLE",
            "SCHEDULE",
            "SUSPENDED",
            "LAST BACKUP",
            "BACKUPS",
            "NEXT",
            "READY",
            "REASON",
            "AGE");
  }

  @Test
  void kubectlGetWideAddsPointInTimeRecoveryTheRetainedSizeAndTheOffsitePointAge() {
    var columns = committed.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .filteredOn(c -> c.getPriority() != null && c.getPriority() == 1)
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PITR", ".status.recovery.pointInTimeRecovery"),
            org.assertj.core.groups.Tuple.tuple("RETAINED", ".status.recovery.retained"),
            org.assertj.core.groups.Tuple.tuple("OFFSITE", ".status.export.gapFreeThrough"));
  }

  @Test
  void namesAndStatusSubresourceAreAsTheContractSays() {
    var spec = committed.getSpec();
    assertThat(spec.getGroup()).isEqualTo("ddbbackup.io");
    assertThat(spec.getScope()).isEqualTo("Namespaced");
    assertThat(spec.getNames().getShortNames()).containsExactly("ddbbs", "ddbschedule");
    assertThat(spec.getNames().getCategories()).containsExactly("all", "ddbbackup");
    assertThat(spec.getVersions().get(0).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
    assertThat(CrdFiles.undocumented(committed)).isEmpty();
  }

  @Test
  void kubectlExplainDescribesTheKindItsSpecAndItsStatus() {
    JSONSchemaProps root =
        committed.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

    assertThat(root.getDescription()).contains("DynamoDB").contains("backup");
    assertThat(root.getProperties().get("spec").getDescription()).contains("tableName");
    assertThat(root.getProperties().get("status").getDescription()).contains("Ready");
  }

  @Test
  void conditionsAreAMapListOfMetaV1ConditionsKeyedByType() {
    JSONSchemaProps conditions = status().getProperties().get("conditions");

    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    JSONSchemaProps condition = conditions.getItems().getSchema();
    assertThat(condition.getRequired())
        .containsExactlyInAnyOrder("type", "status", "lastTransitionTime", "reason", "message");
    assertThat(condition.getProperties().get("status").getEnum())
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("True", "False", "Unknown");
    assertThat(condition.getProperties().get("reason").getPattern()).isNotBlank();
    assertThat(condition.getProperties().get("lastTransitionTime").getFormat())
        .isEqualTo("date-time");
  }

  @Test
  void statusTimesAreDeclaredDateTimes() {
    for (String time : List.of("lastScheduleTime", "nextScheduleTime", "lastSuccessfulTime")) {
      assertThat(status().getProperties().get(time).getFormat()).as(time).isEqualTo("date-time");
    }
  }

  @Test
  void changingTheTableOrThePrefixIsRefusedByTransitionRulesNamingTheField() {
    JSONSchemaProps spec =
        committed
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");

    assertThat(spec.getXKubernetesValidations())
        .filteredOn(rule -> rule.getRule().contains("oldSelf"))
        .extracting(ValidationRule::getFieldPath)
        .containsExactlyInAnyOrder(".tableName", ".backupNamePrefix");
  }

  private static JSONSchemaProps status() {
    return committed
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("status");
  }

  @Test
  void requiredFieldsAndPatternsAreEnforcedByTheApiServer() {
    JSONSchemaProps spec =
        committed
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("tableName", "schedule");
    assertThat(spec.getProperties().get("tableName").getPattern()).isNotBlank();
    assertThat(spec.getProperties().get("deletionPolicy").getEnum()).hasSize(2);
    assertThat(spec.getProperties().get("retention").getProperties().get("keepLast").getMinimum())
        .isEqualTo(1.0);
    assertThat(spec.getXKubernetesValidations()).isNotEmpty();
  }

  @Test
  void kubectlExplainListsTheReadyReasonsAScheduleIsGivenAndNoOthers() {
    assertThat(CrdFiles.explainedReadyReasons(committed))
        .containsExactlyInAnyOrderElementsOf(ScheduleReasons.ready());
  }
}
