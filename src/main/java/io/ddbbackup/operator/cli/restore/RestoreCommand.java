package io.ddbbackup.operator.cli.restore;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreSpec;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.api.ExportRestoreSource;
import io.ddbbackup.operator.api.PointInTimeSource;
import io.ddbbackup.operator.api.RestoreSource;
import io.ddbbackup.operator.api.ScheduleSource;
import io.ddbbackup.operator.cli.Age;
import io.ddbbackup.operator.cli.CliException;
import io.ddbbackup.operator.cli.Cluster;
import io.ddbbackup.operator.cli.Durations;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Follow;
import io.ddbbackup.operator.cli.KubeOptions;
import io.ddbbackup.operator.cli.KubectlDdb;
import io.ddbbackup.operator.cli.Output;
import io.ddbbackup.operator.cli.OutputFormat;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl ddb restore SCHEDULE --to TABLE}: creates a {@code DynamoDBRestore} from the
 * schedule's newest backup, a named backup, a point in time of its table or its export chain (or a
 * chain in a bucket with no schedule: {@code --from-export --bucket --prefix}), and follows it.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a DynamoDBRestore into a new table (it must not exist) from the schedule's newest"
          + " AVAILABLE backup (the default), one of its backups (--backup) or a point in time of"
          + " its table (--at, within the PITR window).",
      "With --wait, follows it to Completed (progress on stderr) and prints the restored table's"
          + " ARN on stdout and the measured time on stderr."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb restore orders-nightly --to orders-copy -n shop --wait",
      "  kubectl ddb restore orders-nightly --to orders-0302 --at 2026-03-02T03:15:00Z",
      "  kubectl ddb restore orders-nightly --to orders-copy --backup shop_orders-nightly-20260302T030000Z",
      "  kubectl ddb restore orders-nightly --to orders-copy --dry-run   # the resource, not applied",
      "  kubectl ddb restore orders-nightly --to orders-0302 --from-export --at 2026-03-02T09:14:00Z",
      "  kubectl ddb restore --to orders-vault --from-export --bucket vault --prefix shop/orders \\",
      "      --bucket-owner 210987654321 --region eu-west-1 -n shop --wait"
    })
public final class RestoreCommand implements Callable<Integer> {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  @ParentCommand KubectlDdb root;

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCHEDULE",
      description =
          "The schedule's name; none with --from-export --bucket (a chain with no schedule).")
  String schedule;

  @Option(
      names = "--from-export",
      description =
          "Restore from the export chain in S3 (the schedule's spec.export, or --bucket and"
              + " --prefix): the newest full export at or before --at, then the incremental"
              + " exports after it replayed in Jobs. Without --at: the newest point the chain"
              + " reaches.")
  boolean fromExport;

  @Option(
      names = "--bucket",
      paramLabel = "BUCKET",
      description = "With --from-export and no SCHEDULE: the bucket the chain is in.")
  String bucket;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "With --bucket: the s3Prefix the exports were written under.")
  String prefix;

  @Option(
      names = "--bucket-owner",
      paramLabel = "ACCOUNT",
      description = "With --bucket: the bucket's account, when it is another account's.")
  String bucketOwner;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "The new table's region (default: the schedule's, else the operator's).")
  String region;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TABLE",
      description = "The new table's name; it must not exist.")
  String target;

  static final class Source {
    @Option(
        names = "--at",
        paramLabel = "TIME",
        description =
            "A point in time of the schedule's table (RFC 3339), from its PITR window; with"
                + " --from-export, the point the chain is restored to (or the end of the last"
                + " export before it).")
    String at;

    @Option(
        names = "--backup",
        paramLabel = "NAME",
        description = "The name of a backup (default: the schedule's newest AVAILABLE one).")
    String backup;
  }

  @ArgGroup(exclusive = true)
  Source source;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The DynamoDBRestore's name (default: <schedule>-restore-<UTC time>).")
  String resourceName;

  @Option(names = "--wait", description = "Follow the restore to Completed.")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long --wait waits, e.g. 90s, 10m, 1h (default 2h).")
  String timeout = "2h";

  @Option(names = "--dry-run", description = "Print the DynamoDBRestore; create nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Duration limit = Durations.parse("--timeout", timeout);
    Instant now = root.services().clock().instant();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Cluster cluster = root.services().cluster(kube)) {
      DynamoDBRestore restore = resource(cluster.namespace(), now);
      if (dryRun) {
        new Output(out, false).document(restore, OutputFormat.yaml);
        return ExitCode.OK;
      }
      var client = cluster.client();
      if (schedule != null
          && client
                  .resources(DynamoDBBackupSchedule.class)
                  .inNamespace(cluster.namespace())
                  .withName(schedule)
                  .get()
              == null) {
        throw new CliException(
            "schedule %s not found in namespace %s: list them with kubectl ddb status -n %s"
                .formatted(schedule, cluster.namespace(), cluster.namespace()));
      }
      var restores = client.resources(DynamoDBRestore.class).inNamespace(cluster.namespace());
      restores.resource(restore).create();
      String name = restore.getMetadata().getName();
      if (!waitForIt) {
        out.println(
            "dynamodbrestore %s/%s created; follow it with kubectl get ddbrestore %s -n %s -w"
                .formatted(cluster.namespace(), name, name, cluster.namespace()));
        return ExitCode.OK;
      }
      DynamoDBRestore done =
          Follow.until(
              restores.withName(name),
              RestoreCommand::progress,
              r -> r.getStatus() != null && isDone(r.getStatus().getPhase()),
              limit,
              err,
              "restore " + name);
      DynamoDBRestoreStatus status = done.getStatus();
      if (!"Completed".equals(status.getPhase())) {
        throw new CliException(
            "restore %s failed: %s; fix it and create a new restore (a DynamoDBRestore restores once)"
                .formatted(name, readyMessage(status)));
      }
      err.println(
          "restored %s into table %s in %s (measured by the operator; %s here)"
              .formatted(
                  status.getSourceBackupName() != null
                      ? status.getSourceBackupName()
                      : status.getSource(),
                  target,
                  status.getDurationSeconds() == null
                      ? "-"
                      : Age.human(Duration.ofSeconds(status.getDurationSeconds())),
                  Age.human(Duration.between(now, root.services().clock().instant()))));
      out.println(status.getRestoredTableArn());
      return ExitCode.OK;
    }
  }

  DynamoDBRestore resource(String namespace, Instant now) {
    checkArguments();
    RestoreSource from = new RestoreSource();
    if (fromExport) {
      from.setFromExport(exportSource());
    } else if (source != null && source.at != null) {
      if (Age.parse(source.at) == null) {
        throw new CliException(
            "--at %s is not an RFC 3339 time: write e.g. 2026-03-02T03:15:00Z"
                .formatted(source.at));
      }
      PointInTimeSource pit = new PointInTimeSource();
      pit.setFromSchedule(schedule);
      pit.setRestoreTime(source.at);
      from.setPointInTime(pit);
    } else if (source != null && source.backup != null) {
      from.setBackupName(source.backup);
    } else {
      ScheduleSource latest = new ScheduleSource();
      latest.setName(schedule);
      latest.setPick(ScheduleSource.Pick.Latest);
      from.setFromSchedule(latest);
    }
    DynamoDBRestoreSpec restoreSpec = new DynamoDBRestoreSpec();
    restoreSpec.setSource(from);
    restoreSpec.setTargetTableName(target);
    restoreSpec.setRegion(region);
    DynamoDBRestore restore = new DynamoDBRestore();
    String name = resourceName != null ? resourceName : defaultName(now);
    restore.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels(
                schedule == null
                    ? java.util.Map.of()
                    : java.util.Map.of("ddbbackup.io/schedule", schedule))
            .build());
    restore.setSpec(restoreSpec);
    return restore;
  }

  private void checkArguments() {
    if (!fromExport && (bucket != null || prefix != null || bucketOwner != null)) {
      throw new CliException("--bucket, --prefix and --bucket-owner go with --from-export");
    }
    if (fromExport && (schedule == null) == (bucket == null)) {
      throw new CliException(
          "--from-export needs a SCHEDULE (its spec.export's chain) or --bucket and --prefix (a"
              + " chain with no schedule), not both");
    }
    if (!fromExport && schedule == null) {
      throw new CliException("a SCHEDULE is needed, or --from-export --bucket B --prefix P");
    }
    if (bucket != null && prefix == null) {
      throw new CliException(
          "--bucket needs --prefix: the s3Prefix the exports were written under (e.g."
              + " shop/orders)");
    }
    if (fromExport && source != null && source.backup != null) {
      throw new CliException("--backup names a backup; --from-export restores from exports");
    }
  }

  private ExportRestoreSource exportSource() {
    ExportRestoreSource chain = new ExportRestoreSource();
    if (schedule != null) {
      ScheduleSource of = new ScheduleSource();
      of.setName(schedule);
      chain.setSchedule(of);
    } else {
      chain.setBucket(bucket);
      chain.setPrefix(prefix);
      chain.setBucketOwner(bucketOwner);
    }
    if (source != null && source.at != null) {
      if (Age.parse(source.at) == null) {
        throw new CliException(
            "--at %s is not an RFC 3339 time: write e.g. 2026-03-02T03:15:00Z"
                .formatted(source.at));
      }
      chain.setPointInTime(source.at);
    }
    return chain;
  }

  private String defaultName(Instant now) {
    String suffix = "-restore-" + STAMP.format(now);
    String from = schedule != null ? schedule : "export";
    String base =
        from.length() + suffix.length() > 253 ? from.substring(0, 253 - suffix.length()) : from;
    return base + suffix;
  }

  private static boolean isDone(String phase) {
    return "Completed".equals(phase) || "Failed".equals(phase);
  }

  private static String progress(DynamoDBRestore r) {
    DynamoDBRestoreStatus s = r.getStatus();
    if (s == null || s.getPhase() == null) {
      return "waiting for the operator to take up the restore";
    }
    Condition ready = ready(s);
    return "restore is %s%s"
        .formatted(
            s.getPhase(),
            ready == null || ready.getReason() == null ? "" : " (" + ready.getReason() + ")");
  }

  private static Condition ready(DynamoDBRestoreStatus s) {
    if (s.getConditions() == null) {
      return null;
    }
    return s.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static String readyMessage(DynamoDBRestoreStatus s) {
    Condition ready = ready(s);
    return ready == null ? "no reason given" : ready.getReason() + ": " + ready.getMessage();
  }
}
