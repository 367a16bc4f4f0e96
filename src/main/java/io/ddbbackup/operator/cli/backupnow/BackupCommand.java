package io.ddbbackup.operator.cli.backupnow;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.cli.Age;
import io.ddbbackup.operator.cli.CliException;
import io.ddbbackup.operator.cli.Cluster;
import io.ddbbackup.operator.cli.Durations;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Follow;
import io.ddbbackup.operator.cli.KubeOptions;
import io.ddbbackup.operator.cli.KubectlDdb;
import io.ddbbackup.operator.cli.Trigger;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl ddb backup SCHEDULE} (package {@code backupnow}: a package named {@code backup} is
 * the pure domain's, see ArchitectureTest): a backup now, by setting the schedule's backup-now
 * annotation to a new value (the operator takes one backup per value), optionally followed to
 * AVAILABLE.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Takes one backup of the schedule's table now (the ddbbackup.io/backup-now annotation, set"
          + " to a new value), also while the schedule is suspended.",
      "With --wait, follows it to AVAILABLE (progress on stderr) and prints its ARN on stdout."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb backup orders-nightly -n shop",
      "  ARN=$(kubectl ddb backup orders-nightly -n shop --wait --timeout 30m)",
      "  kubectl ddb backup orders-nightly --dry-run     # the patch it would send"
    })
public final class BackupCommand implements Callable<Integer> {

  @ParentCommand KubectlDdb root;

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Option(names = "--wait", description = "Follow the backup to AVAILABLE; print its ARN.")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long --wait waits, e.g. 90s, 10m, 1h (default 30m).")
  String timeout = "30m";

  @Option(
      names = "--dry-run",
      description = "Print the merge patch it would send to the schedule; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Duration limit = Durations.parse("--timeout", timeout);
    Instant now = root.services().clock().instant();
    String value = now.toString();
    Trigger trigger = new Trigger(DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, value);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Cluster cluster = root.services().cluster(kube)) {
      if (dryRun) {
        trigger.printDryRun(cluster, name, out);
        return ExitCode.OK;
      }
      var resource = Trigger.schedule(cluster, name).resource();
      trigger.send(resource);
      if (!waitForIt) {
        out.println(trigger.requested("backup", cluster, name));
        return ExitCode.OK;
      }
      DynamoDBBackupSchedule done =
          Follow.until(
              resource,
              s -> progress(s, value),
              s -> finished(s, value, now),
              limit,
              err,
              "the backup of " + name);
      DynamoDBBackupScheduleStatus status = done.getStatus();
      Condition failed = failedSince(done, now);
      if (failed != null && !taken(done, value)) {
        throw new CliException(
            "the schedule %s is not ready (%s: %s); fix that, then run kubectl ddb backup again"
                .formatted(name, failed.getReason(), failed.getMessage()));
      }
      if (!"AVAILABLE".equals(status.getLastBackupStatus())) {
        throw new CliException(
            "backup %s of %s ended %s: %s; see kubectl ddb describe %s"
                .formatted(
                    status.getLastBackupName(),
                    name,
                    status.getLastBackupStatus(),
                    readyMessage(status),
                    name));
      }
      err.println(
          "backup %s is AVAILABLE after %s"
              .formatted(
                  status.getLastBackupName(),
                  Age.human(Duration.between(now, root.services().clock().instant()))));
      out.println(status.getLastBackupArn());
      return ExitCode.OK;
    }
  }

  /** This trigger was taken up and its backup has an outcome, or the schedule failed since. */
  static boolean finished(DynamoDBBackupSchedule s, String value, Instant since) {
    return taken(s, value) || failedSince(s, since) != null;
  }

  /** The operator acted on this value and its backup has an outcome. */
  static boolean taken(DynamoDBBackupSchedule s, String value) {
    DynamoDBBackupScheduleStatus status = s.getStatus();
    if (status == null) {
      return false;
    }
    String state = status.getLastBackupStatus();
    return value.equals(status.getLastManualTrigger())
        && status.getLastBackupArn() != null
        && ("AVAILABLE".equals(state) || "FAILED".equals(state) || "DELETED".equals(state));
  }

  /** The Ready condition when it turned False after the request (allowing a second of skew). */
  static Condition failedSince(DynamoDBBackupSchedule s, Instant since) {
    if (s.getStatus() == null) {
      return null;
    }
    Condition ready = ready(s.getStatus());
    if (ready == null || !"False".equals(ready.getStatus())) {
      return null;
    }
    Instant changed = Age.parse(ready.getLastTransitionTime());
    return changed != null && !changed.isBefore(since.minusSeconds(1)) ? ready : null;
  }

  private static String progress(DynamoDBBackupSchedule s, String value) {
    DynamoDBBackupScheduleStatus status = s.getStatus();
    if (status == null || !value.equals(status.getLastManualTrigger())) {
      return "waiting for the operator to take up the request";
    }
    return "backup %s is %s"
        .formatted(
            status.getLastBackupName(),
            status.getLastBackupStatus() == null ? "starting" : status.getLastBackupStatus());
  }

  private static Condition ready(DynamoDBBackupScheduleStatus status) {
    if (status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static String readyMessage(DynamoDBBackupScheduleStatus status) {
    Condition ready = ready(status);
    return ready == null ? "no reason given" : ready.getReason() + " " + ready.getMessage();
  }
}
