package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart and the kustomize base carry copies of crds/ (Helm installs only its own crds/
 * folder, kustomize loads nothing outside its directory). They must stay byte-identical: after
 * regenerating the CRD run {@code cp crds/*.yml charts/dynamodb-backup-operator/crds/} and {@code
 * cp crds/*.yml config/crd/}.
 */
class ChartCrdTest {

  @ParameterizedTest(name = "{0} holds exactly the CRDs of crds/")
  @ValueSource(strings = {"charts/dynamodb-backup-operator/crds", "config/crd"})
  void theCopyHoldsTheSameCrdFiles(String copy) throws IOException {
    assertThat(crdFiles(ProjectFiles.path(copy)))
        .as("CRD files in %s (copy them from crds/)", copy)
        .isEqualTo(crdFiles(ProjectFiles.path("crds")));
  }

  @ParameterizedTest(name = "{0} is byte-identical to crds/")
  @ValueSource(strings = {"charts/dynamodb-backup-operator/crds", "config/crd"})
  void theCopyIsByteIdentical(String copy) throws IOException {
    for (String name : crdFiles(ProjectFiles.path("crds"))) {
      assertThat(Files.readAllBytes(ProjectFiles.path(copy).resolve(name)))
          .as("%s/%s differs from crds/%s: cp crds/%s %s/", copy, name, name, name, copy)
          .isEqualTo(Files.readAllBytes(ProjectFiles.path("crds").resolve(name)));
    }
  }

  @ParameterizedTest(name = "config/crd/kustomization.yaml lists {0}")
  @ValueSource(
      strings = {
        "dynamodbbackupschedules.ddbbackup.io-v1.yml",
        "dynamodbbackuppolicies.ddbbackup.io-v1.yml"
      })
  void theKustomizationListsTheCrd(String name) {
    assertThat(ProjectFiles.read("config/crd/kustomization.yaml")).contains("- " + name);
  }

  private static List<String> crdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .filter(n -> !n.equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }
}
