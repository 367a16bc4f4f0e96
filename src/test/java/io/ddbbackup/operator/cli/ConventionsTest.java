package io.ddbbackup.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.cli.TestServices.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl's conventions: its flags and kubeconfig rules, help with examples, completion. */
class ConventionsTest {

  final TestServices cli =
      new TestServices(
          null, Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC), null);

  static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster: {server: "https://prod.example:6443"}
      - name: staging
        cluster: {server: "https://staging.example:6443"}
      users:
      - name: me
        user: {token: not-a-real-token}
      contexts:
      - name: prod
        context: {cluster: prod, user: me, namespace: shop}
      - name: staging
        context: {cluster: staging, user: me}
      current-context: prod
      """;

  @Test
  void kubeconfigAndContextPickTheServerAndTheContextsNamespace(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);
    KubeOptions options = new KubeOptions();
    options.kubeconfig = file.toString();

    try (Cluster current = Cluster.connect(options)) {
      assertThat(current.client().getMasterUrl().getHost()).isEqualTo("prod.example");
      assertThat(current.namespace()).isEqualTo("shop");
    }
    options.context = "staging";
    try (Cluster staging = Cluster.connect(options)) {
      assertThat(staging.client().getMasterUrl().getHost()).isEqualTo("staging.example");
      assertThat(staging.namespace()).isEqualTo("default");
    }
    options.namespace = "billing";
    try (Cluster explicit = Cluster.connect(options)) {
      assertThat(explicit.namespace()).isEqualTo("billing");
    }
  }

  @Test
  void anUnknownContextOrAMissingFileIsOneLineNamingTheFix(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);
    KubeOptions options = new KubeOptions();
    options.kubeconfig = file.toString();
    options.context = "qa";
    assertThatThrownBy(() -> Cluster.connect(options))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("qa")
        .hasMessageContaining("get-contexts");

    options.kubeconfig = dir.resolve("nope").toString();
    assertThatThrownBy(() -> Cluster.connect(options))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--kubeconfig")
        .hasMessageContaining("readable kubeconfig");
  }

  @Test
  void helpShowsEveryCommandAndExamples() {
    Run run = cli.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("status", "describe", "backup", "restore", "completion", "Examples:")
        .contains("Exit codes");
    assertThat(cli.run("restore", "--help").out())
        .contains("--to", "--at", "--backup", "--dry-run", "Examples:");
  }

  @Test
  void versionIsTheReleaseVersion() {
    Run run = cli.run("--version");

    assertThat(run.exitCode()).isZero();
    // run from classes here; the jar's manifest carries pom.xml's version (checked end to end)
    assertThat(run.out().strip()).startsWith("kubectl-ddb ");
  }

  @Test
  void completionIsABashAndZshScriptForTheLauncher() {
    Run run = cli.run("completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F").contains("status").contains("describe");
  }

  @Test
  void noCommandIsAUsageError() {
    Run run = cli.run();

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("kubectl ddb --help");
  }
}
