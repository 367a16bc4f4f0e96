package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreSpec;
import io.ddbbackup.operator.api.ExportRestoreSource;
import io.ddbbackup.operator.api.RestoreReasons;
import io.ddbbackup.operator.api.RestoreSource;
import io.ddbbackup.operator.api.ScheduleSource;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDBRestores the drills of the export chain make ({@link ChainDrills}): each restores the
 * schedule's own chain (its newest point) into a scratch table, is owned by the schedule, and has
 * deletionPolicy Delete, so deleting it deletes the scratch table too, with the restore kind's own
 * checks that the table is the one it made. The restore kind does the import and the replay Jobs;
 * the schedule only makes, reads and deletes the resource.
 */
class DrillRestoreApi {

  /** The label that marks a drill's restore, with the schedule's uid as its value. */
  static final String LABEL = DynamoDBBackupSchedule.GROUP + "/chain-drill-of";

  /** What the drill reads of its restore. */
  record Seen(
      boolean ours,
      String phase,
      String reason,
      String message,
      Instant restoredTo,
      Long durationSeconds) {

    boolean completed() {
      return "Completed".equals(phase);
    }

    boolean failed() {
      return "Failed".equals(phase);
    }

    /**
     * The restore waits on something a drill cannot wait out: the chain's records are not there
     * (SourceNotFound), the tenancy policy refuses the bucket (NotPermitted), the spec is refused
     * (InvalidSpec), or a table of the scratch table's name is someone else's (TargetExists).
     */
    boolean stuck() {
      return reason != null && RestoreReasons.WAITING_FOR_A_PERSON.contains(reason);
    }
  }

  private static final DateTimeFormatter NAME_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmss").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;

  DrillRestoreApi(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The restore's state; empty when there is none of that name. {@code ours} only when it carries
   * the drill label with the schedule's uid: a restore someone else named so is never followed or
   * deleted.
   */
  Optional<Seen> get(DynamoDBBackupSchedule owner, String name) {
    DynamoDBRestore r =
        client
            .resources(DynamoDBRestore.class)
            .inNamespace(owner.getMetadata().getNamespace())
            .withName(name)
            .get();
    if (r == null) {
      return Optional.empty();
    }
    Map<String, String> labels = r.getMetadata().getLabels();
    boolean ours = labels != null && owner.getMetadata().getUid().equals(labels.get(LABEL));
    if (r.getStatus() == null) {
      return Optional.of(new Seen(ours, null, null, null, null, null));
    }
    Optional<Condition> ready =
        r.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    return Optional.of(
        new Seen(
            ours,
            r.getStatus().getPhase(),
            ready.map(Condition::getReason).orElse(null),
            ready.map(Condition::getMessage).orElse(null),
            StatusTimes.parse(r.getStatus().getRestoredTo()),
            r.getStatus().getDurationSeconds()));
  }

  /** Makes the drill's restore; one of that name made before a crash is left as it is. */
  void create(DynamoDBBackupSchedule owner, String name, String scratchTable) {
    ScheduleSource schedule = new ScheduleSource();
    schedule.setName(owner.getMetadata().getName());
    ExportRestoreSource chain = new ExportRestoreSource();
    chain.setSchedule(schedule);
    RestoreSource source = new RestoreSource();
    source.setFromExport(chain);
    DynamoDBRestoreSpec spec = new DynamoDBRestoreSpec();
    spec.setSource(source);
    spec.setTargetTableName(scratchTable);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    DynamoDBRestore restore = new DynamoDBRestore();
    restore.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(owner.getMetadata().getNamespace())
            .addToLabels(LABEL, owner.getMetadata().getUid())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .build())
            .build());
    restore.setSpec(spec);
    try {
      client.resource(restore).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  /** Deletes the drill's restore (and through it the scratch table); none is fine. */
  void delete(String namespace, String name) {
    client.resources(DynamoDBRestore.class).inNamespace(namespace).withName(name).delete();
  }

  /**
   * The drill's DynamoDBRestore: {@code <schedule>-chain-drill-<slot>}, the schedule's name cut so
   * that the whole stays a valid name of at most 253 characters.
   */
  static String restoreName(DynamoDBBackupSchedule schedule, Instant slot) {
    String suffix = "-chain-drill-" + NAME_STAMP.format(slot);
    String name = schedule.getMetadata().getName();
    int room = 253 - suffix.length();
    String cut = name.length() > room ? name.substring(0, room) : name;
    while (!cut.isEmpty() && !Character.isLetterOrDigit(cut.charAt(cut.length() - 1))) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + suffix;
  }
}
