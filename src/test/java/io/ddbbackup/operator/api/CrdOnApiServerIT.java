package io.ddbbackup.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed CRD on a real kube-apiserver (no operator), used through kubectl as a user would:
 * what {@code kubectl explain} says, the transition rules that refuse a new table or prefix, the
 * status schema (RFC 3339 times, metav1.Condition, one condition per type) and the REASON column.
 */
class CrdOnApiServerIT {

  private static final String NS = "crd";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static ControlPlane controlPlane;

  @BeforeAll
  static void startTheApiServerWithTheCommittedCrd() {
    controlPlane = new ControlPlane(Tools.workDir("CrdOnApiServerIT")).start();
    controlPlane.createNamespace(NS);
  }

  @AfterAll
  static void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void kubectlExplainDescribesTheKindItsSpecItsStatusAndTheConditions() {
    // the CRD reaches the published OpenAPI a moment after it is Established
    await("kubectl explain ddbbs knows the kind")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> kubectl("explain", "ddbbs").exit == 0);

    assertThat(kubectl("explain", "ddbbs").ok())
        .contains("A schedule of Amazon DynamoDB on-demand backups of one table");
    assertThat(kubectl("explain", "ddbbs.spec").ok())
        .contains("What to back up")
        .contains("cannot be changed once set");
    assertThat(kubectl("explain", "ddbbs.status").ok()).contains("Written by the operator only");
    assertThat(kubectl("explain", "ddbbs.status.conditions").ok())
        .contains("metav1.Condition")
        .contains("lastTransitionTime")
        .contains("<string> -required-");
  }

  @Test
  void changingTheTableIsRefusedWithAMessageThatSaysWhatToDoInstead() {
    String name = create("tableName: orders\nschedule: \"@daily\"\n");

    Result patch = mergePatch(name, "{\"spec\":{\"tableName\":\"orders-v2\"}}");

    assertThat(patch.exit).isNotZero();
    assertThat(patch.out)
        .contains("spec.tableName")
        .contains("cannot be changed")
        .contains("Create a new schedule");
    assertThat(get(name, "{.spec.tableName}")).isEqualTo("orders");
  }

  @ParameterizedTest(name = "backupNamePrefix {0} -> {1} is refused")
  @CsvSource({"(none), custom", "custom, other", "custom, (none)"})
  void settingChangingOrRemovingThePrefixIsRefused(String before, String after) {
    String spec = "tableName: orders\nschedule: \"@daily\"\n";
    if (!before.equals("(none)")) {
      spec += "backupNamePrefix: " + before + "\n";
    }
    String name = create(spec);
    String value = after.equals("(none)") ? "null" : "\"" + after + "\"";

    Result patch = mergePatch(name, "{\"spec\":{\"backupNamePrefix\":" + value + "}}");

    assertThat(patch.exit).isNotZero();
    assertThat(patch.out).contains("spec.backupNamePrefix").contains("cannot be set, changed");
    assertThat(get(name, "{.spec.backupNamePrefix}"))
        .isEqualTo(before.equals("(none)") ? "" : before);
  }

  @Test
  void everyOtherFieldStillChanges() {
    String name = create("tableName: orders\nschedule: \"@daily\"\nbackupNamePrefix: keep\n");

    Result patch =
        mergePatch(
            name,
            "{\"spec\":{\"schedule\":\"0 4 * * *\",\"suspend\":true,\"tableName\":\"orders\","
                + "\"backupNamePrefix\":\"keep\",\"retention\":{\"keepLast\":3}}}");

    assertThat(patch.exit).as(patch.out).isZero();
    assertThat(get(name, "{.spec.schedule} {.spec.suspend} {.spec.retention.keepLast}"))
        .isEqualTo("0 4 * * * true 3");
  }

  @Test
  void aStatusTimeThatIsNotRfc3339IsRefused() {
    String name = create("tableName: orders\nschedule: \"@daily\"\n");

    Result bad = statusPatch(name, "{\"status\":{\"nextScheduleTime\":\"tomorrow at 3\"}}");
    Result good = statusPatch(name, "{\"status\":{\"nextScheduleTime\":\"2026-12-02T03:00:00Z\"}}");

    assertThat(bad.exit).isNotZero();
    assertThat(bad.out).contains("status.nextScheduleTime").contains("date-time");
    assertThat(good.exit).as(good.out).isZero();
    assertThat(get(name, "{.status.nextScheduleTime}")).isEqualTo("2026-12-02T03:00:00Z");
  }

  @Test
  void conditionsAreCheckedAsMetaV1ConditionsOnePerType() {
    String name = create("tableName: orders\nschedule: \"@daily\"\n");
    String ready =
        "{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"TableNotFound\","
            + "\"message\":\"no table orders in eu-west-1\","
            + "\"lastTransitionTime\":\"2026-12-01T03:00:00Z\"}";

    Result twice = statusPatch(name, "{\"status\":{\"conditions\":[" + ready + "," + ready + "]}}");
    Result noReason =
        statusPatch(
            name, "{\"status\":{\"conditions\":[" + ready.replace("\"reason\"", "\"why\"") + "]}}");
    Result maybe =
        statusPatch(
            name, "{\"status\":{\"conditions\":[" + ready.replace("False", "Maybe") + "]}}");

    assertThat(twice.exit).isNotZero();
    assertThat(twice.out).contains("status.conditions").contains("Duplicate value");
    assertThat(noReason.exit).isNotZero();
    assertThat(noReason.out).contains("status.conditions[0].reason").contains("Required value");
    assertThat(maybe.exit).isNotZero();
    assertThat(maybe.out).contains("status.conditions[0].status").contains("Unsupported value");
  }

  @Test
  void kubectlGetShowsWhyASchedulesIsNotReady() {
    String name = create("tableName: orders\nschedule: \"@daily\"\n");
    statusPatch(
            name,
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
                + "\"reason\":\"TableNotFound\",\"message\":\"no table orders in eu-west-1\","
                + "\"lastTransitionTime\":\"2026-12-01T03:00:00Z\"}]}}")
        .ok();

    List<String> lines = kubectl("get", "ddbbs", name, "-n", NS).ok().lines().toList();

    String header = lines.get(0);
    assertThat(header.split("\\s{2,}")).containsSubsequence("READY", "REASON", "AGE");
    assertThat(cell(header, lines.get(1), "READY")).isEqualTo("False");
    assertThat(cell(header, lines.get(1), "REASON")).isEqualTo("TableNotFound");
  }

  // ---- kubectl as the admin ----

  private record Result(int exit, String out) {
    String ok() {
      assertThat(exit).as(out).isZero();
      return out;
    }
  }

  /** Creates a schedule from the spec's YAML and returns its name. */
  private static String create(String spec) {
    String name = "s" + NAMES.incrementAndGet();
    String yaml =
        """
        apiVersion: ddbbackup.io/v1alpha1
        kind: DynamoDBBackupSchedule
        metadata:
          name: %s
          namespace: %s
        spec:
        %s"""
            .formatted(name, NS, spec.indent(2));
    run(yaml, "apply", "-f", "-").ok();
    return name;
  }

  private static Result mergePatch(String name, String json) {
    return kubectl("patch", "ddbbs", name, "-n", NS, "--type=merge", "-p", json);
  }

  private static Result statusPatch(String name, String json) {
    return kubectl(
        "patch", "ddbbs", name, "-n", NS, "--subresource=status", "--type=merge", "-p", json);
  }

  private static String get(String name, String jsonPath) {
    return kubectl("get", "ddbbs", name, "-n", NS, "-o", "jsonpath=" + jsonPath).ok();
  }

  /** A cell of kubectl's table: from its column's start to the next column's (blanks allowed). */
  private static String cell(String header, String row, String column) {
    int start = header.indexOf(column);
    int next = header.indexOf(' ', start + column.length());
    while (next >= 0 && next < header.length() && header.charAt(next) == ' ') {
      next++;
    }
    int end = next < 0 || next >= header.length() ? row.length() : Math.min(next, row.length());
    return row.substring(Math.min(start, row.length()), end).trim();
  }

  private static Result kubectl(String... args) {
    return run(null, args);
  }

  private static Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.kubectl().toString());
    command.add("--kubeconfig=" + controlPlane.adminKubeconfig());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish within 60s: " + command);
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
