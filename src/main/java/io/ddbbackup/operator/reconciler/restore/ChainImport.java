package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.ChainRestorePlan;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step one of a restore from the export chain: ImportTable of the base full export into the new
 * table, followed to COMPLETED, then the table tagged as this restore's.
 *
 * <p>Exactly once: the ClientToken (the restore's uid) is written to status before the call, and
 * ImportTable answers the same token with the same import for 8 hours. A table found under the
 * target's name is this restore's only when one of the imports that made it carries that token
 * (ListImports and DescribeImport); any other table is never touched (TargetExists).
 */
final class ChainImport {

  private static final Logger LOG = LoggerFactory.getLogger(ChainImport.class);

  private final TableStore tables;
  private final ChainPlans plans;
  private final RestoreRecorder recorder;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;

  ChainImport(
      TableStore tables,
      ChainPlans plans,
      RestoreRecorder recorder,
      ResourceEvents events,
      Backoff backoff,
      Clock clock) {
    this.tables = tables;
    this.plans = plans;
    this.recorder = recorder;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
  }

  RestoreStep startOrFollow(RestoreStep step) {
    ExportProgress export = step.state().export();
    RestorePhase phase = step.state().phase();
    if (step.stopped()
        || export == null
        || (phase != RestorePhase.Pending && phase != RestorePhase.Restoring)) {
      return step;
    }
    try {
      if (export.importArn() != null) {
        return follow(step, tables.describeImport(step.target(), export.importArn()));
      }
      Optional<Table> existing = tables.describe(step.target());
      if (existing.isPresent() && phase == RestorePhase.Restoring) {
        // our start is recorded and its answer was lost: the same token answers with the same
        // import for 8 hours (ListImports shows only completed imports, so it cannot tell yet)
        Optional<TableImport> again = askAgain(step);
        if (again.isPresent()) {
          return adopted(step, again.get(), existing.get());
        }
      }
      if (existing.isPresent()) {
        return adoptOrRefuse(step, existing.get());
      }
      return start(phase == RestorePhase.Pending ? recordStart(step) : step);
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
  }

  /** The restore's ClientToken: its uid (36 characters, ImportTable's most). */
  static String clientToken(DynamoDBRestore resource) {
    return resource.getMetadata().getUid();
  }

  /** Written before the call: see the class comment. */
  private RestoreStep recordStart(RestoreStep step) {
    String token = clientToken(step.resource());
    RestoreState started =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Restoring;
                  s.startTime = step.now();
                  s.export = s.export.importing(token);
                });
    RestoreStep reported =
        step.with(started)
            .reporting(
                RestoreReason.RESTORING,
                "Importing the full export %s into table %s"
                    .formatted(started.export().baseExportArn(), step.target().table()));
    return reported.written(recorder.write(reported));
  }

  private RestoreStep start(RestoreStep step) {
    ChainRestorePlan plan = plans.recorded(step);
    ImportRequest request = request(step);
    warnOfLocalIndexes(step, plan);
    TableImport started;
    try {
      started = tables.importTable(step.target(), request);
    } catch (BackupStoreException e) {
      return step.targetNotMade(e, clock.instant());
    }
    LOG.info(
        "importing {} into table {} for {} ({})",
        plan.base().exportArn(),
        step.target().table(),
        step.key(),
        started.importArn());
    events.normal(
        step.resource(),
        "ImportStarted",
        "Importing the full export %s (%s) into table %s (%s)"
            .formatted(
                plan.base().exportArn(),
                plan.base().window().to(),
                step.target().table(),
                started.importArn()));
    return follow(recorded(step, started), started);
  }

  /** ImportTable makes no local secondary index: the user hears which are left out. */
  private void warnOfLocalIndexes(RestoreStep step, ChainRestorePlan plan) {
    List<String> local =
        plan.base().table().localSecondaryIndexes().stream()
            .map(TableShape.Index::indexName)
            .toList();
    if (!local.isEmpty()) {
      events.warning(
          step.resource(),
          "IndexesNotRestored",
          ("ImportTable cannot create local secondary indexes: table %s is made without %s (a"
                  + " local index can only be made with the table; restore from a backup to keep it)")
              .formatted(step.target().table(), local));
    }
  }

  /** ImportTable again with the recorded token; empty when the table is not from our import. */
  private Optional<TableImport> askAgain(RestoreStep step) {
    try {
      return Optional.of(tables.importTable(step.target(), request(step)));
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.TABLE_ALREADY_EXISTS || e.failure() == Failure.IMPORT_CONFLICT) {
        return Optional.empty(); // more than 8 hours later, or not our table: look it up
      }
      throw e;
    }
  }

  private RestoreStep adoptOrRefuse(RestoreStep step, Table table) {
    String token = clientToken(step.resource());
    Optional<TableImport> ours =
        tables.importsInto(step.target(), table.arn()).stream()
            .filter(i -> token.equals(i.clientToken()))
            .findFirst();
    if (ours.isEmpty()) {
      return step.with(step.state().with(s -> s.phase = RestorePhase.Pending))
          .waiting(RestoreReason.TARGET_EXISTS, step.targetExists());
    }
    return adopted(step, ours.get(), table);
  }

  private RestoreStep adopted(RestoreStep step, TableImport ours, Table table) {
    events.normal(
        step.resource(),
        "Adopted",
        "Adopted the import %s into table %s, started before the operator could record it"
            .formatted(ours.importArn(), table.name()));
    return follow(recorded(step, ours), ours);
  }

  private RestoreStep recorded(RestoreStep step, TableImport started) {
    return step.with(
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Restoring;
                  if (s.startTime == null) {
                    s.startTime = started.startTime() != null ? started.startTime() : step.now();
                  }
                  s.export = s.export.importing(clientToken(step.resource()));
                  s.export = s.export.imported(started.importArn(), null);
                }));
  }

  private RestoreStep follow(RestoreStep step, TableImport current) {
    if (current.completed()) {
      return imported(step, current);
    }
    if (current.ended()) {
      return step.failedFor(
          RestoreReason.RESTORE_FAILED,
          "the import %s of the full export into table %s ended %s: %s %s"
              .formatted(
                  current.importArn(),
                  step.target().table(),
                  current.status(),
                  current.failureCode() == null ? "" : current.failureCode(),
                  current.failureMessage() == null ? "" : current.failureMessage()));
    }
    Duration age =
        step.state().startTime() == null
            ? Duration.ZERO
            : Duration.between(step.state().startTime(), step.now());
    return step.reporting(
            RestoreReason.RESTORING,
            "Importing the full export %s into table %s: %s, %d items so far"
                .formatted(
                    step.state().export().baseExportArn(),
                    step.target().table(),
                    current.status(),
                    current.importedItemCount()))
        .wakeWithin(clock.instant(), backoff.follow(age));
  }

  /** The import completed: the table is tagged as ours and the replay comes next. */
  private RestoreStep imported(RestoreStep step, TableImport done) {
    tables.tag(step.target(), done.tableArn(), ownerTags(step.resource()));
    events.normal(
        step.resource(),
        "ImportCompleted",
        "Imported %d items into table %s from the full export %s"
            .formatted(
                done.importedItemCount(),
                step.target().table(),
                step.state().export().baseExportArn()));
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Replaying;
                  s.restoredTableArn = done.tableArn();
                  s.export = s.export.imported(done.importArn(), done.importedItemCount());
                  s.consecutiveFailures = 0;
                });
    return step.with(state);
  }

  /** The one import request of this restore: the same at every attempt, so the token holds. */
  private ImportRequest request(RestoreStep step) {
    ChainRestorePlan plan = plans.recorded(step);
    TableShape shape = plan.base().table();
    return new ImportRequest(
        clientToken(step.resource()),
        step.target().table(),
        step.state().export().bucket(),
        step.state().export().bucketOwner(),
        plan.base().dataPrefix() + "data/",
        shape.localSecondaryIndexes().isEmpty() ? shape : shape.withoutLocalIndexes(),
        step.settings().overrides());
  }

  /** The restore's uid, the proof the replay pods and deletionPolicy Delete look for. */
  static Map<String, String> ownerTags(DynamoDBRestore resource) {
    var meta = resource.getMetadata();
    return Map.of(
        TargetOwnership.OWNER_TAG,
        meta.getUid(),
        TargetOwnership.RESOURCE_TAG,
        meta.getNamespace() + "." + meta.getName());
  }
}
