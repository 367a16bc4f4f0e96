package io.ddbbackup.operator.cli.describe;

import io.ddbbackup.operator.api.DrillStatus;
import io.ddbbackup.operator.api.ExportDrillStatus;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.cli.Age;
import io.ddbbackup.operator.cli.Color;
import io.ddbbackup.operator.cli.Output;
import io.ddbbackup.operator.cli.Output.Cell;
import io.ddbbackup.operator.cli.describe.DescribeCommand.Description;
import io.ddbbackup.operator.cli.status.ScheduleRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code kubectl ddb describe}'s text: sections in the order a person asks the questions. */
final class DescriptionText {

  private DescriptionText() {}

  static void print(Description d, Output out, Instant now) {
    ScheduleRow r = d.posture();
    out.line("Name:         " + r.namespace() + "/" + r.name());
    out.line("Table:        " + r.table());
    out.line(
        "Schedule:     "
            + d.cron()
            + " ("
            + d.timeZone()
            + ")"
            + (r.suspended() ? ", suspended" : ""));
    out.line(
        "Health:       "
            + r.health().color().paint(r.health().name(), out.colors())
            + "  (Ready="
            + r.ready()
            + (r.reason() == null ? "" : " " + r.reason())
            + ")");
    if (r.message() != null) {
      out.line("Message:      " + r.message());
    }
    if (d.invalidSpec() != null) {
      out.line("Invalid spec: " + d.invalidSpec());
    }
    out.line(
        "Last backup:  "
            + (r.lastBackupName() == null ? "-" : r.lastBackupName() + " " + r.lastBackupStatus())
            + (r.lastSuccessfulTime() == null
                ? ""
                : ", last success " + Age.since(Age.parse(r.lastSuccessfulTime()), now) + " ago"));
    out.line("Backups kept: " + (r.backupCount() == null ? "-" : r.backupCount()));

    out.line("");
    out.line("Next slots (" + d.timeZone() + "):");
    if (d.nextSlots().isEmpty()) {
      out.line("  -");
    }
    for (NextSlots.Slot s : d.nextSlots()) {
      out.line(
          "  %s %s  (%s)%s"
              .formatted(
                  s.local(), s.offset(), s.at(), s.dst() == null ? "" : "\n      DST: " + s.dst()));
    }

    out.line("");
    printPreview(d, out);

    out.line("");
    printDrills(d.drills(), out, now);
    out.line("");
    printRecovery(d.recovery(), out);
    if (d.offsite() != null) {
      out.line("");
      printOffsite(d.offsite(), out);
    }

    out.line("");
    out.line("Events:");
    if (d.events().isEmpty()) {
      out.line("  <none>");
    }
    d.events().forEach(e -> out.line("  " + e));
  }

  private static void printPreview(Description d, Output out) {
    PrunePreview p = d.prunePreview();
    if (p == null) {
      out.line(
          "Prune preview: "
              + (d.prunePreviewError() == null ? "skipped (--no-preview)" : d.prunePreviewError()));
      return;
    }
    out.line(
        "Prune preview (at the next run, " + p.runAt() + ", which adds " + p.nextBackup() + "):");
    if (p.blockedBy() != null) {
      out.line("  nothing is pruned: " + p.blockedBy());
    }
    List<List<Cell>> rows = new ArrayList<>();
    for (PrunePreview.Entry e : p.backups()) {
      boolean delete = e.action().equals("delete");
      rows.add(
          List.of(
              Cell.colored(e.action().toUpperCase(), delete ? Color.RED : Color.GREEN),
              Cell.plain(e.name()),
              Cell.plain(e.createdAt()),
              Cell.plain(e.status()),
              Cell.plain(String.join(", ", e.keptBy()))));
    }
    if (rows.isEmpty()) {
      out.line("  no backups yet");
    } else {
      out.table(List.of("  ACTION", "BACKUP", "CREATED", "STATUS", "KEPT BY"), indent(rows));
    }
  }

  private static List<List<Cell>> indent(List<List<Cell>> rows) {
    List<List<Cell>> indented = new ArrayList<>();
    for (List<Cell> row : rows) {
      List<Cell> r = new ArrayList<>(row);
      Cell first = r.get(0);
      r.set(0, new Cell("  " + first.text(), first.color()));
      indented.add(r);
    }
    return indented;
  }

  private static void printDrills(VerificationStatus v, Output out, Instant now) {
    out.line("Drills:");
    if (v == null) {
      out.line("  none (spec.verify is not set)");
      return;
    }
    DrillStatus running = v.getDrill();
    if (running != null) {
      out.line(
          "  running:       %s of %s into %s, since %s"
              .formatted(
                  running.getPhase(),
                  running.getBackupName(),
                  running.getScratchTable(),
                  running.getStartTime()));
    }
    out.line(
        "  last:          %s %s%s"
            .formatted(
                v.getLastVerifyResult() == null ? "-" : v.getLastVerifyResult(),
                v.getLastDrillTime() == null
                    ? ""
                    : "(" + Age.since(Age.parse(v.getLastDrillTime()), now) + " ago)",
                v.getLastRestoreSeconds() == null
                    ? ""
                    : ", restore took " + v.getLastRestoreSeconds() + "s"));
    if (v.getLastVerifyMessage() != null) {
      out.line("  message:       " + v.getLastVerifyMessage());
    }
    out.line(
        "  last passed:   "
            + (v.getLastPassedBackupName() == null
                ? "-"
                : v.getLastPassedBackupName() + " at " + v.getLastPassedTime()));
    out.line("  next drill:    " + (v.getNextDrillTime() == null ? "-" : v.getNextDrillTime()));
    if (v.getExport() != null) {
      printChainDrills(v.getExport(), out, now);
    }
  }

  /** status.verification.export: the drills that restore the export chain. */
  private static void printChainDrills(ExportDrillStatus x, Output out, Instant now) {
    out.line("Drills of the export chain:");
    if (x.getRestoreName() != null) {
      out.line(
          "  running:       %s: DynamoDBRestore %s into %s, since %s"
              .formatted(x.getPhase(), x.getRestoreName(), x.getScratchTable(), x.getStartTime()));
    }
    out.line(
        "  last:          %s %s%s%s"
            .formatted(
                x.getLastVerifyResult() == null ? "-" : x.getLastVerifyResult(),
                x.getLastVerifiedTime() == null
                    ? ""
                    : "(" + Age.since(Age.parse(x.getLastVerifiedTime()), now) + " ago)",
                x.getLastRestoredPoint() == null ? "" : ", restored to " + x.getLastRestoredPoint(),
                x.getLastRestoreSeconds() == null ? "" : " in " + x.getLastRestoreSeconds() + "s"));
    if (x.getLastVerifyMessage() != null) {
      out.line("  message:       " + x.getLastVerifyMessage());
    }
  }

  /** status.export: the chain of exports to S3, as the operator recorded it. */
  private static void printOffsite(ExportStatus e, Output out) {
    out.line("Off-site (exports to S3):");
    out.line(
        "  gap-free through: %s"
            .formatted(
                e.getGapFreeThrough() == null ? "- (no export completed)" : e.getGapFreeThrough()));
    if (e.getBase() != null) {
      out.line(
          "  base:          %s at %s%s"
              .formatted(
                  e.getBase().getExportArn() == null ? "-" : e.getBase().getExportArn(),
                  e.getBase().getExportTime(),
                  e.getBase().getItemCount() == null
                      ? ""
                      : ", " + e.getBase().getItemCount() + " items"));
    }
    if (e.getInFlight() != null) {
      var f = e.getInFlight();
      out.line(
          "  in flight:     %s %s%s (attempt %s)%s"
              .formatted(
                  f.getKind(),
                  f.getFrom() == null ? "" : f.getFrom() + " .. ",
                  f.getTo(),
                  f.getAttempt(),
                  f.getExportArn() == null ? "" : ", " + f.getExportArn()));
    }
    if (e.getGaps() != null && e.getGaps().getCount() != null && e.getGaps().getCount() > 0) {
      out.line(
          "  gaps:          %d, the newest %s .. %s"
              .formatted(
                  e.getGaps().getCount(), e.getGaps().getLastFrom(), e.getGaps().getLastTo()));
    }
    out.line("  exported:      " + (e.getExportedCount() == null ? 0 : e.getExportedCount()));
    if (e.getBucketProtections() != null) {
      out.line(
          "  bucket:        %s: %s"
              .formatted(
                  e.getBucketProtections().getBucket(), e.getBucketProtections().getProtections()));
    }
  }

  private static void printRecovery(RecoveryStatus r, Output out) {
    out.line("Recovery:");
    if (r == null) {
      out.line("  not reported yet");
      return;
    }
    out.line(
        "  PITR:          %s%s"
            .formatted(
                r.getPointInTimeRecovery() == null ? "-" : r.getPointInTimeRecovery(),
                r.getRecoveryPeriodInDays() == null
                    ? ""
                    : ", recovery period " + r.getRecoveryPeriodInDays() + " days"));
    if (r.getEarliestRestorableTime() != null) {
      out.line(
          "  window:        %s .. %s"
              .formatted(r.getEarliestRestorableTime(), r.getLatestRestorableTime()));
    }
    out.line(
        "  newest point:  %s%s"
            .formatted(
                r.getNewestBackupTime() == null ? "-" : r.getNewestBackupTime(),
                r.getRecoveryPointAgeSeconds() == null
                    ? ""
                    : " (" + r.getRecoveryPointAgeSeconds() + "s old)"));
    if (r.getRetained() != null) {
      out.line("  retained:      " + r.getRetained());
    }
  }
}
