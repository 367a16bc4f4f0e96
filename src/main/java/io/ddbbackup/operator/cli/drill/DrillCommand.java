package io.ddbbackup.operator.cli.drill;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.cli.Age;
import io.ddbbackup.operator.cli.CliException;
import io.ddbbackup.operator.cli.Cluster;
import io.ddbbackup.operator.cli.Durations;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Follow;
import io.ddbbackup.operator.cli.KubeOptions;
import io.ddbbackup.operator.cli.KubectlDdb;
import io.ddbbackup.operator.cli.Trigger;
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
 * {@code kubectl ddb drill SCHEDULE}: a restore drill now, by setting the schedule's drill-now
 * annotation to a new value (the operator starts one drill per value, with the checks of
 * spec.verify), optionally followed to its result.
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Starts one restore drill of the schedule's newest backup now (the ddbbackup.io/drill-now"
          + " annotation, set to a new value): restored into a scratch table, checked as"
          + " spec.verify says, timed, and the table deleted. The schedule needs spec.verify.",
      "With --wait, follows it (progress on stderr) and prints the result on stdout; exits 3 when"
          + " the drill failed or was skipped."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb drill orders-nightly -n shop",
      "  kubectl ddb drill orders-nightly -n shop --wait --timeout 2h",
      "  kubectl ddb drill orders-nightly --dry-run     # the patch it would send"
    })
public final class DrillCommand implements Callable<Integer> {

  @ParentCommand KubectlDdb root;

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Option(names = "--wait", description = "Follow the drill to its result and print it.")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long --wait waits, e.g. 90s, 10m, 1h (default 1h).")
  String timeout = "1h";

  @Option(
      names = "--dry-run",
      description = "Print the merge patch it would send to the schedule; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Duration limit = Durations.parse("--timeout", timeout);
    Instant now = root.services().clock().instant();
    String value = now.toString();
    Trigger trigger = new Trigger(DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, value);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Cluster cluster = root.services().cluster(kube)) {
      if (dryRun) {
        trigger.printDryRun(cluster, name, out);
        return ExitCode.OK;
      }
      Trigger.Found schedule = Trigger.schedule(cluster, name);
      var resource = schedule.resource();
      DynamoDBBackupSchedule found = schedule.read();
      if (found.getSpec() == null || found.getSpec().getVerify() == null) {
        throw new CliException(
            "schedule %s has no spec.verify, which says how a drill checks the restored table:"
                    .formatted(name)
                + " add it (kubectl explain dynamodbbackupschedule.spec.verify), then drill");
      }
      trigger.send(resource);
      if (!waitForIt) {
        out.println(trigger.requested("drill", cluster, name));
        return ExitCode.OK;
      }
      DynamoDBBackupSchedule done =
          Follow.until(
              resource, s -> progress(s, value), s -> ended(s, value), limit, err, "the drill");
      VerificationStatus v = done.getStatus().getVerification();
      err.println(
          "drill of %s ended after %s"
              .formatted(
                  v.getLastVerifiedBackupName() == null
                      ? "no backup"
                      : "backup " + v.getLastVerifiedBackupName(),
                  Age.human(Duration.between(now, root.services().clock().instant()))));
      out.println("%s: %s".formatted(v.getLastVerifyResult(), v.getLastVerifyMessage()));
      return "Passed".equals(v.getLastVerifyResult()) ? ExitCode.OK : ExitCode.UNHEALTHY;
    }
  }

  /** The operator took up this value and the drill it started has ended. */
  static boolean ended(DynamoDBBackupSchedule s, String value) {
    VerificationStatus v = s.getStatus() == null ? null : s.getStatus().getVerification();
    return v != null
        && value.equals(v.getLastDrillTrigger())
        && v.getDrill() == null
        && v.getLastVerifyResult() != null;
  }

  private static String progress(DynamoDBBackupSchedule s, String value) {
    VerificationStatus v = s.getStatus() == null ? null : s.getStatus().getVerification();
    if (v == null || !value.equals(v.getLastDrillTrigger())) {
      return "waiting for the operator to take up the request";
    }
    if (v.getDrill() == null) {
      return "drill ending";
    }
    return "drill of backup %s: %s into %s"
        .formatted(
            v.getDrill().getBackupName(), v.getDrill().getPhase(), v.getDrill().getScratchTable());
  }
}
