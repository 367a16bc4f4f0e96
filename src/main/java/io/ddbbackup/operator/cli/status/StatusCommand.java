package io.ddbbackup.operator.cli.status;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.cli.Age;
import io.ddbbackup.operator.cli.Cluster;
import io.ddbbackup.operator.cli.Color;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.KubeOptions;
import io.ddbbackup.operator.cli.KubectlDdb;
import io.ddbbackup.operator.cli.Output;
import io.ddbbackup.operator.cli.Output.Cell;
import io.ddbbackup.operator.cli.OutputFormat;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl ddb status}: every schedule's posture on one line, worst first. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "One line per schedule: table, last backup and its age, next slot, backups kept, last"
          + " drill, PITR and its window, the off-site point's age, Ready and its reason; worst"
          + " first. Then one line per"
          + " backup policy: tables matched, covered, skipped, generated schedules failing, the"
          + " oldest recovery point among them.",
      "Exits 0 when every schedule and policy is healthy (or suspended), 3 when one is failing,"
          + " degraded (failed drill, PITR not as specified, exports failing, a generated schedule"
          + " not Ready) or"
          + " not yet reported on."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb status -n shop",
      "  kubectl ddb status -A -o json | jq '.schedules[] | select(.health != \"HEALTHY\")'",
      "  kubectl ddb status -A >/dev/null || echo 'some backups need attention'"
    })
public final class StatusCommand implements Callable<Integer> {

  static final List<String> HEADERS =
      List.of(
          "NAMESPACE",
          "NAME",
          "TABLE",
          "HEALTH",
          "LAST BACKUP",
          "NEXT",
          "BACKUPS",
          "DRILL",
          "PITR",
          "OFFSITE",
          "READY",
          "REASON");

  static final List<String> POLICY_HEADERS =
      List.of(
          "NAMESPACE",
          "POLICY",
          "REGION",
          "HEALTH",
          "MATCHED",
          "COVERED",
          "SKIPPED",
          "FAILING",
          "OLDEST POINT",
          "READY",
          "REASON");

  @ParentCommand KubectlDdb root;

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), json or yaml.")
  OutputFormat format = OutputFormat.table;

  @Override
  public Integer call() {
    Instant now = root.services().clock().instant();
    List<DynamoDBBackupSchedule> schedules;
    List<DynamoDBBackupPolicy> policies;
    try (Cluster cluster = root.services().cluster(kube)) {
      var all = cluster.client().resources(DynamoDBBackupSchedule.class);
      schedules =
          allNamespaces
              ? all.inAnyNamespace().list().getItems()
              : all.inNamespace(cluster.namespace()).list().getItems();
      policies = policies(cluster);
    }
    List<ScheduleRow> rows =
        new ArrayList<>(schedules.stream().map(s -> ScheduleRow.of(s, now)).toList());
    rows.sort(ScheduleRow.WORST_FIRST);
    List<PolicyRow> policyRows =
        new ArrayList<>(policies.stream().map(p -> PolicyRow.of(p, now)).toList());
    policyRows.sort(PolicyRow.WORST_FIRST);
    boolean healthy =
        rows.stream().allMatch(r -> r.health().healthy())
            && policyRows.stream().allMatch(r -> r.health().healthy());
    Output out =
        new Output(
            spec.commandLine().getOut(),
            Color.wanted(root.services().env(), root.services().stdoutIsTerminal()));
    if (format == OutputFormat.table) {
      if (rows.isEmpty()) {
        spec.commandLine().getErr().println("No DynamoDBBackupSchedules found.");
      } else {
        out.table(HEADERS, rows.stream().map(r -> cells(r, now)).toList());
      }
      if (!policyRows.isEmpty()) {
        spec.commandLine().getOut().println();
        out.table(POLICY_HEADERS, policyRows.stream().map(StatusCommand::cells).toList());
      }
    } else {
      out.document(new StatusReport(healthy, rows, policyRows), format);
    }
    return healthy ? ExitCode.OK : ExitCode.UNHEALTHY;
  }

  /** The JSON/YAML document: the verdict the exit code gives, and the rows. */
  public record StatusReport(
      boolean healthy, List<ScheduleRow> schedules, List<PolicyRow> policies) {}

  /**
   * The backup policies in scope; none where the cluster has no such kind yet (an operator
   * installed before policies existed) or the user may not list them.
   */
  private List<DynamoDBBackupPolicy> policies(Cluster cluster) {
    var all = cluster.client().resources(DynamoDBBackupPolicy.class);
    try {
      return allNamespaces
          ? all.inAnyNamespace().list().getItems()
          : all.inNamespace(cluster.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 403) {
        return List.of();
      }
      throw e;
    }
  }

  static List<Cell> cells(PolicyRow r) {
    String oldest =
        r.oldestRecoveryPointAgeSeconds() == null
            ? "-"
            : Age.human(Duration.ofSeconds(r.oldestRecoveryPointAgeSeconds())) + " ago";
    Color readyColor = "True".equals(r.ready()) ? Color.GREEN : Color.RED;
    Integer failing = r.failing();
    return List.of(
        Cell.plain(r.namespace()),
        Cell.plain(r.name()),
        Cell.plain(r.region() == null ? "-" : r.region()),
        Cell.colored(r.health().name(), r.health().color()),
        Cell.plain(number(r.matched())),
        Cell.plain(number(r.covered())),
        Cell.plain(number(r.skipped())),
        Cell.colored(number(failing), failing != null && failing > 0 ? Color.RED : Color.NONE),
        Cell.plain(oldest),
        Cell.colored(r.ready(), readyColor),
        Cell.plain(r.reason() == null ? "" : r.reason()));
  }

  private static String number(Integer n) {
    return n == null ? "-" : n.toString();
  }

  /** The off-site recovery point's age, or what stands in for it; "-" without spec.export. */
  private static String offsite(ScheduleRow r) {
    if (r.exported() == null && r.offsiteAgeSeconds() == null) {
      return "-";
    }
    if (r.offsiteAgeSeconds() == null) {
      return "none yet";
    }
    return Age.human(Duration.ofSeconds(r.offsiteAgeSeconds())) + " ago";
  }

  static List<Cell> cells(ScheduleRow r, Instant now) {
    String lastBackup =
        r.lastBackupAgeSeconds() == null
            ? "-"
            : Age.human(Duration.ofSeconds(r.lastBackupAgeSeconds())) + " ago";
    String pitr =
        r.pitr() == null
            ? "-"
            : r.pitrWindowDays() == null ? r.pitr() : r.pitr() + " " + r.pitrWindowDays() + "d";
    Color readyColor = "True".equals(r.ready()) ? Color.GREEN : Color.RED;
    return List.of(
        Cell.plain(r.namespace()),
        Cell.plain(r.name()),
        Cell.plain(r.table()),
        Cell.colored(r.health().name(), r.health().color()),
        Cell.plain(lastBackup),
        Cell.plain(r.suspended() ? "suspended" : Age.until(Age.parse(r.nextScheduleTime()), now)),
        Cell.plain(r.backupCount() == null ? "-" : r.backupCount().toString()),
        Cell.colored(r.drill(), "Failed".equals(r.drill()) ? Color.RED : Color.NONE),
        Cell.plain(pitr),
        Cell.colored(offsite(r), "False".equals(r.exported()) ? Color.RED : Color.NONE),
        Cell.colored(r.ready(), readyColor),
        Cell.plain(r.reason()));
  }
}
