package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.AlertTests;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerting rules, rendered by helm as a user gets them in the PrometheusRule, pass
 * {@code promtool check rules} and the promtool unit tests in src/test/resources/alerts: each alert
 * fires at its threshold, on series named and labelled as the operator exports them, and stays
 * silent just below it. The rendered rules and the tests are left in target/e2e/alerts to rerun
 * promtool by hand ({@code promtool test rules target/e2e/alerts/*.test.yaml}).
 */
class AlertRulesIT {

  @Test
  void everyAlertFiresAtItsThresholdAndStaysSilentJustBelowIt() throws IOException {
    Path dir = Tools.workDir("alerts");
    clear(dir);
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, renderedRules());
    List<String> tests = new ArrayList<>();
    for (Path file : AlertTests.files()) {
      Path copy = dir.resolve(file.getFileName());
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      tests.add(copy.toString());
    }
    assertThat(tests).isNotEmpty();
    String promtool = Tools.promtool().toString();

    Cli.Result check = Cli.run(List.of(promtool, "check", "rules", rules.toString()));
    assertThat(check.exitCode())
        .as("promtool check rules %s\n%s%s", rules, check.out(), check.err())
        .isZero();
    // every alert of alerts.yaml reached the rendered PrometheusRule
    assertThat(check.out())
        .as("promtool check rules %s", rules)
        .contains("SUCCESS: " + AlertTests.shippedAlerts().size() + " rules found");

    List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
    command.addAll(tests);
    Cli.Result test = Cli.run(command);
    assertThat(test.exitCode())
        .as("%s\n%s%s", String.join(" ", command), test.out(), test.err())
        .isZero();
  }

  /** The rule groups of the chart's PrometheusRule (its spec), as a Prometheus rule file. */
  private static String renderedRules() {
    GenericKubernetesResource rule =
        Chart.render("--set", "metrics.prometheusRule.enabled=true")
            .all(GenericKubernetesResource.class)
            .stream()
            .filter(r -> r.getKind().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the chart rendered no PrometheusRule"));
    return Manifests.SERIALIZATION.asYaml(rule.getAdditionalProperties().get("spec"));
  }

  private static void clear(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
