package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
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
 * The CRD under crds/ is what the build generates from the Java classes. The generator sorts
 * printer columns by JSON path, so this test also puts them back in the order the annotations
 * declare them, which is the order `kubectl get ddbbs` prints. Run with -Dcrds.update=true to
 * rewrite crds/ after changing the resource classes.
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
    generated = withDeclaredColumnOrder(read(generatedFile.resolve(FILE)));
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
            "TABLE", "SCHEDULE", "SUSPENDED", "LAST BACKUP", "BACKUPS", "NEXT", "READY", "AGE");
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
    if (props.getProperties() == null) {
      return;
    }
    props
        .getProperties()
        .forEach(
            (name, child) -> {
              String childPath = path + "." + name;
              boolean conditionInternals = path.endsWith("conditions");
              if (!conditionInternals
                  && (child.getDescription() == null || child.getDescription().isBlank())) {
                out.add(childPath);
              }
              collectUndocumented(childPath, child, out);
            });
  }

  private static CustomResourceDefinition read(Path file) throws IOException {
    return YAML.unmarshal(Files.readString(file), CustomResourceDefinition.class);
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
