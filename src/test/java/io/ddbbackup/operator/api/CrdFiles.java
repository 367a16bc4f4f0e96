package io.ddbbackup.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A kind's CRD as the build generates it and as crds/ holds it. The generator sorts printer columns
 * by JSON path; the generated CRD is read with the columns put back in the order the annotations
 * declare them, which is the order kubectl prints.
 */
final class CrdFiles {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private CrdFiles() {}

  /** The generated CRD of {@code kind}; with -Dcrds.update=true also written to crds/. */
  static CustomResourceDefinition generated(String file, Class<?> kind) throws IOException {
    Path generatedDir = Path.of(System.getProperty("crds.generated", "target/generated-crds"));
    CustomResourceDefinition crd = withDeclaredColumnOrder(read(generatedDir.resolve(file)), kind);
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
}
