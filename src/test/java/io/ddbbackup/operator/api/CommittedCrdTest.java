package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD under crds/ is what the build generates from the Java classes, finished by {@link
 * #finish} with what crd-generator 7.5.2 cannot express: it sorts printer columns by JSON path, so
 * they are put back in the order the annotations declare them (the order `kubectl get ddbbs`
 * prints); it gives the root schema no description, so the kind's {@code @JsonClassDescription}
 * becomes it (`kubectl explain ddbbs`); and it knows no list types, so status.conditions becomes a
 * map list keyed by type, as metav1.Condition lists are. Run with -Dcrds.update=true to rewrite
 * crds/ after changing the resource classes.
 */
class CommittedCrdTest {

  static final String FILE = "dynamodbbackupschedules.ddbbackup.io-v1.yml";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static CustomResourceDefinition generated;
  static CustomResourceDefinition committed;

  @BeforeAll
  static void load() throws IOException {
    Path generatedFile = Path.of(System.getProperty("crds.generated", "target/generated-crds"));
    Path committedFile = Path.of(System.getProperty("crds.committed", "crds")).resolve(FILE);
    generated = finish(read(generatedFile.resolve(FILE)));
    if (Boolean.getBoolean("crds.update")) {
      Files.createDirectories(committedFile.getParent());
      Files.writeString(
          committedFile,
          "# Generated from the Java classes in src/main/java/io/ddbbackup/operator/api by the\n"
              + "# build (crd-generator-maven-plugin); do not edit. Regenerate with\n"
              + "#   mvn test -Dtest=CommittedCrdTest -Dcrds.update=true\n"
              + YAML.asYaml(generated));
    }
    committed = read(committedFile);
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
    JSONSchemaProps root =
        committed.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("spec", root.getProperties().get("spec"), undocumented);
    collectUndocumented("status", root.getProperties().get("status"), undocumented);
    assertThat(undocumented).isEmpty();
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

  private static void collectUndocumented(String path, JSONSchemaProps props, List<String> out) {
    if (props.getItems() != null && props.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", props.getItems().getSchema(), out);
    }
    if (props.getProperties() == null) {
      return;
    }
    props
        .getProperties()
        .forEach(
            (name, child) -> {
              String childPath = path + "." + name;
              if (child.getDescription() == null || child.getDescription().isBlank()) {
                out.add(childPath);
              }
              collectUndocumented(childPath, child, out);
            });
  }

  private static CustomResourceDefinition read(Path file) throws IOException {
    return YAML.unmarshal(Files.readString(file), CustomResourceDefinition.class);
  }

  static CustomResourceDefinition finish(CustomResourceDefinition crd) {
    withDeclaredColumnOrder(crd);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    root.setDescription(
        DynamoDBBackupSchedule.class.getAnnotation(JsonClassDescription.class).value());
    JSONSchemaProps conditions =
        root.getProperties().get("status").getProperties().get("conditions");
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    return crd;
  }

  private static CustomResourceDefinition withDeclaredColumnOrder(CustomResourceDefinition crd) {
    List<String> order =
        Arrays.stream(
                DynamoDBBackupSchedule.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    var version = crd.getSpec().getVersions().get(0);
    List<CustomResourceColumnDefinition> columns =
        new ArrayList<>(version.getAdditionalPrinterColumns());
    columns.sort((a, b) -> order.indexOf(a.getName()) - order.indexOf(b.getName()));
    version.setAdditionalPrinterColumns(columns);
    return crd;
  }
}
