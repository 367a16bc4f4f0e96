package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.IndexChoice;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.RestoreTarget;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the one restore of a resource, or adopts the table an earlier attempt made.
 *
 * <p>Exactly once: RestoreTableFromBackup and RestoreTableToPointInTime take no idempotency token;
 * the target table's name is the only handle. So before calling, DescribeTable the target: a table
 * this resource restored (its RestoreSummary names our source, and it carries our tag or was
 * created after we recorded the start) is adopted; any other table is never touched (TargetExists).
 * The start is written to status before the call, so that after a crash in the call the table found
 * can be told ours.
 */
final class TableRestorer {

  private static final Logger LOG = LoggerFactory.getLogger(TableRestorer.class);

  private final TableStore tables;
  private final RestoreRecorder recorder;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;

  TableRestorer(
      TableStore tables,
      RestoreRecorder recorder,
      ResourceEvents events,
      Backoff backoff,
      Clock clock) {
    this.tables = tables;
    this.recorder = recorder;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
  }

  RestoreStep startOrAdopt(RestoreStep step) {
    RestoreState state = step.state();
    boolean madeOrAdopted = state.restoredTableArn() != null;
    if (step.stopped()
        || state.phase().done()
        || madeOrAdopted
        || !state.sourceResolved()
        || state.export() != null) {
      return step; // a chain of exports is imported by ChainImport
    }
    try {
      RestoreTarget.Look look = RestoreTarget.look(tables, step.target(), expected(step));
      if (look.standing() != RestoreTarget.Standing.ABSENT) {
        return adoptOrRefuse(step, look);
      }
      Optional<RestoreRequest> request = request(step);
      if (request.isEmpty()) {
        return step.failedFor(RestoreReason.INVALID_SPEC, indexProblem(step));
      }
      return restore(recordStart(step), request.get());
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
  }

  /** Written before the restore call: see the class comment. */
  private RestoreStep recordStart(RestoreStep step) {
    String message =
        "Restoring %s into table %s".formatted(step.state().source(), step.target().table());
    RestoreState started =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Restoring;
                  s.startTime = step.now();
                });
    RestoreStep reported = step.with(started).reporting(RestoreReason.RESTORING, message);
    DynamoDBRestore written = recorder.write(reported);
    return reported.written(written);
  }

  private RestoreStep restore(RestoreStep step, RestoreRequest request) {
    Table made;
    try {
      made =
          RestoreTarget.make(
              tables, step.target(), request, ownerTags(step), e -> tagFailed(step, e));
    } catch (BackupStoreException e) {
      return step.targetNotMade(e, clock.instant());
    }
    LOG.info(
        "restoring {} into table {} for {} ({})",
        step.state().source(),
        made.name(),
        step.key(),
        made.arn());
    events.normal(
        step.resource(),
        "RestoreStarted",
        "Restoring %s into table %s (%s)"
            .formatted(step.state().source(), made.name(), made.arn()));
    return made(step, made);
  }

  private RestoreStep adoptOrRefuse(RestoreStep step, RestoreTarget.Look look) {
    if (look.standing() == RestoreTarget.Standing.TAKEN) {
      return step.waiting(RestoreReason.TARGET_EXISTS, step.targetExists());
    }
    Table table = look.table();
    LOG.info("adopting table {} ({}) restored for {}", table.name(), table.arn(), step.key());
    events.normal(
        step.resource(),
        "Adopted",
        "Adopted table %s (%s), restored from %s before the operator could record it"
            .formatted(table.name(), table.arn(), step.state().source()));
    if (look.untagged(expected(step))) {
      RestoreTarget.tag(tables, step.target(), table, ownerTags(step), e -> tagFailed(step, e));
    }
    return made(step, table);
  }

  private static TargetOwnership.Expected expected(RestoreStep step) {
    RestoreState state = step.state();
    return TargetOwnership.Expected.ofRestore(
        state.sourceBackupArn(),
        state.sourceBackupArn() == null ? state.sourceTableArn() : null,
        step.resource().getMetadata().getUid(),
        state.phase() == RestorePhase.Restoring ? state.startTime() : null);
  }

  private RestoreStep made(RestoreStep step, Table table) {
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Restoring;
                  s.restoredTableArn = table.arn();
                  s.consecutiveFailures = 0;
                });
    return step.with(state)
        .reporting(
            RestoreReason.RESTORING,
            "Restoring %s into table %s".formatted(state.source(), table.name()))
        .wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
  }

  /** This resource's uid, the proof of ownership deletionPolicy Delete and adoption look for. */
  private static Map<String, String> ownerTags(RestoreStep step) {
    var meta = step.resource().getMetadata();
    return Map.of(
        TargetOwnership.OWNER_TAG,
        meta.getUid(),
        TargetOwnership.RESOURCE_TAG,
        meta.getNamespace() + "." + meta.getName());
  }

  private void tagFailed(RestoreStep step, BackupStoreException e) {
    events.warning(
        step.resource(),
        "TagFailed",
        "Could not tag table %s as restored by this resource: %s"
            .formatted(step.target().table(), e.getMessage()));
  }

  /** The request, its index overrides chosen against the source's indexes; empty on a bad name. */
  private Optional<RestoreRequest> request(RestoreStep step) {
    RestoreSettings settings = step.settings();
    RestoreRequest.Overrides o = settings.overrides();
    RestoreRequest.Source source =
        step.state().sourceBackupArn() != null
            ? new RestoreRequest.FromBackup(step.state().sourceBackupArn())
            : new RestoreRequest.ToPointInTime(
                step.state().sourceTableArn(),
                ((RestoreSettings.PointInTime) settings.source()).time());
    if (settings.globalIndexes() == null && settings.localIndexes() == null) {
      return Optional.of(new RestoreRequest(step.target().table(), source, o));
    }
    IndexSources indexes = IndexSources.of(step, tables);
    IndexChoice.Result global =
        IndexChoice.select(
            indexes.global(), settings.globalIndexes(), "spec.globalSecondaryIndexes");
    IndexChoice.Result local =
        IndexChoice.select(indexes.local(), settings.localIndexes(), "spec.localSecondaryIndexes");
    if (global.problem() != null || local.problem() != null) {
      return Optional.empty();
    }
    return Optional.of(
        new RestoreRequest(
            step.target().table(),
            source,
            new RestoreRequest.Overrides(
                o.billingMode(),
                o.readCapacityUnits(),
                o.writeCapacityUnits(),
                o.sseEnabled(),
                o.sseType(),
                o.kmsMasterKeyId(),
                global.indexes(),
                local.indexes())));
  }

  private String indexProblem(RestoreStep step) {
    IndexSources indexes = IndexSources.of(step, tables);
    IndexChoice.Result global =
        IndexChoice.select(
            indexes.global(), step.settings().globalIndexes(), "spec.globalSecondaryIndexes");
    return global.problem() != null
        ? global.problem()
        : IndexChoice.select(
                indexes.local(), step.settings().localIndexes(), "spec.localSecondaryIndexes")
            .problem();
  }
}
