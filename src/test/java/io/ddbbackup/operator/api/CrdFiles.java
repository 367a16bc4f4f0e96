package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kind's CRD as the build generates it and as crds/ holds it. The generator sorts printer columns
 * by JSON path; the generated CRD is read with the columns put back in the order the annotations
 * declare them, which is the order kubectl prints.
 */
final class CrdFiles {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private CrdFiles() {}

  /**
   * The generated CRD of {@code kind}, finished by {@link #finish}; with -Dcrds.update=true also
   * written to crds/.
   */
  static CustomResourceDefinition generated(String file, Class<?> kind) throws IOException {
    Path generatedDir = Path.of(System.getProperty("crds.generated", "target/generated-crds"));
    CustomResourceDefinition crd = finish(read(generatedDir.resolve(file)), kind);
    if (Boolean.getBoolean("crds.update")) {
      Path committed = committedPath(file);
      Files.createDirectories(committed.getParent());
      Files.writeString(
          committed,
          "# Generated from the Java classes in src/main/java/io/ddbbackup/operator/api by the\n"
              + "# build (crd-generator-maven-plugin); do not edit. Regenerate with\n"
              + "#   mvn test -Dtest='Committed*CrdTest' -Dcrds.update=true\n"
              + YAML.asYaml(crd));
    }
    return crd;
  }

  static CustomResourceDefinition committed(String file) throws IOException {
    return read(committedPath(file));
  }

  private static Path committedPath(String file) {
    return Path.of(System.getProperty("crds.committed", "crds")).resolve(file);
  }

  private static CustomResourceDefinition read(Path file) throws IOException {
    return YAML.unmarshal(Files.readString(file), CustomResourceDefinition.class);
  }

  /**
   * What crd-generator 7.5.2 cannot express: it sorts printer columns by JSON path, so they are put
   * back in the order the annotations declare them (the order kubectl prints); it gives the root
   * schema no description, so the kind's {@code @JsonClassDescription} becomes it (`kubectl
   * explain`); and it knows no list types, so status.conditions becomes a map list keyed by type,
   * as metav1.Condition lists are.
   */
  static CustomResourceDefinition finish(CustomResourceDefinition crd, Class<?> kind) {
    withDeclaredColumnOrder(crd, kind);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    root.setDescription(kind.getAnnotation(JsonClassDescription.class).value());
    JSONSchemaProps conditions =
        root.getProperties().get("status").getProperties().get("conditions");
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    return crd;
  }

  /** The spec and status fields without a description, as paths (kubectl explain shows none). */
  static List<String> undocumented(CustomResourceDefinition crd) {
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> out = new ArrayList<>();
    collectUndocumented("spec", root.getProperties().get("spec"), out);
    collectUndocumented("status", root.getProperties().get("status"), out);
    return out;
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

  private static CustomResourceDefinition withDeclaredColumnOrder(
      CustomResourceDefinition crd, Class<?> kind) {
    List<String> order =
        Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    var version = crd.getSpec().getVersions().get(0);
    List<CustomResourceColumnDefinition> columns =
        new ArrayList<>(version.getAdditionalPrinterColumns());
    columns.sort((a, b) -> order.indexOf(a.getName()) - order.indexOf(b.getName()));
    version.setAdditionalPrinterColumns(columns);
    return crd;
  }

  /**
   * The Ready reasons {@code kubectl explain <kind>.status.conditions.reason} lists ("for Ready one
   * of A, B, C."); empty when it lists none.
   */
  static List<String> explainedReadyReasons(CustomResourceDefinition crd) {
    String description =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("conditions")
            .getItems()
            .getSchema()
            .getProperties()
            .get("reason")
            .getDescription();
    Matcher list = Pattern.compile("for Ready one of ([^.]*)\\.").matcher(description);
    return list.find() ? Arrays.asList(list.group(1).split(",\\s*")) : List.of();
  }
}
