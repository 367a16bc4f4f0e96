package io.ddbbackup.operator.cli.describe;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.cli.CliException;
import io.ddbbackup.operator.cli.Cluster;
import io.ddbbackup.operator.cli.Color;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.KubeOptions;
import io.ddbbackup.operator.cli.KubectlDdb;
import io.ddbbackup.operator.cli.Output;
import io.ddbbackup.operator.cli.OutputFormat;
import io.ddbbackup.operator.cli.status.ScheduleRow;
import io.ddbbackup.operator.reconciler.schedule.SpecValidator;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl ddb describe SCHEDULE}: the whole story of one schedule. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "One schedule as a person reads it: posture, the next slots in its zone (with the"
          + " daylight-saving rule that applies), the prune preview (what retention deletes at"
          + " the next run and which rule keeps each other backup), drills, PITR and recent"
          + " Events.",
      "The preview lists the table's backups with ListBackups (read-only), with the AWS SDK's"
          + " default credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, ...) and AWS_REGION."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb describe orders-nightly -n shop",
      "  kubectl ddb describe orders-nightly --slots 10 --no-preview",
      "  kubectl ddb describe orders-nightly -o json | jq '.prunePreview.backups[] |"
          + " select(.action == \"delete\")'"
    })
public final class DescribeCommand implements Callable<Integer> {

  static final int RECENT_EVENTS = 10;

  @ParentCommand KubectlDdb root;

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Option(names = "--slots", paramLabel = "N", description = "How many next slots (default 5).")
  int slotCount = 5;

  @Option(names = "--no-preview", description = "Skip the prune preview (no AWS call).")
  boolean noPreview;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default: text for people), json or yaml.")
  OutputFormat format = OutputFormat.table;

  /** The document -o json|yaml prints; the text form shows the same. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Description(
      ScheduleRow posture,
      String cron,
      String timeZone,
      String invalidSpec,
      List<NextSlots.Slot> nextSlots,
      PrunePreview prunePreview,
      String prunePreviewError,
      VerificationStatus drills,
      RecoveryStatus recovery,
      ExportStatus offsite,
      List<String> events) {}

  @Override
  public Integer call() {
    Instant now = root.services().clock().instant();
    DynamoDBBackupSchedule schedule;
    List<Event> events;
    try (Cluster cluster = root.services().cluster(kube)) {
      schedule =
          cluster
              .client()
              .resources(DynamoDBBackupSchedule.class)
              .inNamespace(cluster.namespace())
              .withName(name)
              .get();
      if (schedule == null) {
        throw new CliException(
            "schedule %s not found in namespace %s: list them with kubectl ddb status -n %s (or -A)"
                .formatted(name, cluster.namespace(), cluster.namespace()));
      }
      events = events(cluster, name);
    }
    Description d = describe(schedule, events, now);
    Output out =
        new Output(
            spec.commandLine().getOut(),
            Color.wanted(root.services().env(), root.services().stdoutIsTerminal()));
    if (format == OutputFormat.table) {
      DescriptionText.print(d, out, now);
    } else {
      out.document(d, format);
    }
    if (d.prunePreviewError() != null) {
      spec.commandLine().getErr().println("warning: prune preview: " + d.prunePreviewError());
    }
    return ExitCode.OK;
  }

  Description describe(DynamoDBBackupSchedule schedule, List<Event> events, Instant now) {
    SpecValidator.Result checked = SpecValidator.validate(schedule);
    List<NextSlots.Slot> slots = List.of();
    PrunePreview preview = null;
    String previewError = null;
    if (checked.valid()) {
      slots = NextSlots.after(checked.settings().cron(), now, slotCount);
      if (!noPreview) {
        try {
          BackupStore store = root.services().backups();
          preview = PrunePreview.of(checked.settings(), schedule.getStatus(), store, now);
        } catch (RuntimeException e) {
          previewError = PreviewFailure.explain(e);
        }
      }
    } else {
      previewError = noPreview ? null : "the spec is invalid, so no backup is pruned";
    }
    var status = schedule.getStatus();
    return new Description(
        ScheduleRow.of(schedule, now),
        schedule.getSpec() == null ? null : schedule.getSpec().getSchedule(),
        schedule.getSpec() == null || schedule.getSpec().getTimeZone() == null
            ? "UTC"
            : schedule.getSpec().getTimeZone(),
        checked.valid() ? null : checked.message(),
        slots,
        preview,
        previewError,
        status == null ? null : status.getVerification(),
        status == null ? null : status.getRecovery(),
        status == null ? null : status.getExport(),
        events.stream().map(DescribeCommand::eventLine).toList());
  }

  private static List<Event> events(Cluster cluster, String name) {
    List<Event> items =
        cluster
            .client()
            .v1()
            .events()
            .inNamespace(cluster.namespace())
            .withField("involvedObject.name", name)
            .list()
            .getItems();
    List<Event> ours =
        items.stream()
            .filter(e -> "DynamoDBBackupSchedule".equals(e.getInvolvedObject().getKind()))
            .sorted(Comparator.comparing(DescribeCommand::eventTime))
            .toList();
    return ours.subList(Math.max(0, ours.size() - RECENT_EVENTS), ours.size());
  }

  private static String eventTime(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return e.getMetadata().getCreationTimestamp() == null
        ? ""
        : e.getMetadata().getCreationTimestamp();
  }

  private static String eventLine(Event e) {
    return "%s  %s  %s  %s".formatted(eventTime(e), e.getType(), e.getReason(), e.getMessage());
  }
}
