package io.ddbbackup.operator.app;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.reconciler.restore.ScheduleLookup;
import io.ddbbackup.operator.reconciler.restore.SourceSchedule;
import io.ddbbackup.operator.reconciler.schedule.ScheduleSettings;
import io.ddbbackup.operator.reconciler.schedule.SpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The one place where a restore meets the schedule kind: a schedule read from the API server and
 * checked by the schedule's own validator, handed to the restore as a {@link SourceSchedule}. The
 * two kinds' packages never import each other; the wiring joins them.
 */
public final class ScheduleSources {

  private ScheduleSources() {}

  /** Reads each schedule from the API server when a restore asks for it. */
  public static ScheduleLookup of(KubernetesClient client) {
    return (namespace, name) ->
        Optional.ofNullable(
                client
                    .resources(DynamoDBBackupSchedule.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get())
            .map(ScheduleSources::asSource);
  }

  static SourceSchedule asSource(DynamoDBBackupSchedule schedule) {
    RecoveryStatus recovery =
        schedule.getStatus() == null ? null : schedule.getStatus().getRecovery();
    SpecValidator.Result validation = SpecValidator.validate(schedule);
    if (!validation.valid()) {
      return SourceSchedule.invalid(validation.message(), recovery);
    }
    ScheduleSettings settings = validation.settings();
    return new SourceSchedule(
        settings.target(),
        settings.tableName(),
        settings.names(),
        recovery,
        null,
        settings.export() == null ? null : ChainLocation.of(settings.export().destination()));
  }
}
