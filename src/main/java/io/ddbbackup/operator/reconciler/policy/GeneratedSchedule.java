package io.ddbbackup.operator.reconciler.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.ScheduleTemplate;
import io.ddbbackup.operator.policy.GeneratedNames;
import io.ddbbackup.operator.text.Fingerprint;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.Map;

/**
 * A schedule as its policy wants it, and how a hand edit is told from a template change.
 *
 * <p>Two annotations on each generated schedule: {@link #TEMPLATE_HASH}, a fingerprint of the spec
 * the policy wrote, and {@link #SPEC_HASH}, a fingerprint of the spec as the API server stored it
 * (with the CRD's defaults filled in). A template change shows as a new template fingerprint; a
 * hand edit as a stored spec that no longer has the recorded fingerprint. Either way the policy
 * writes its spec again. Comparing the specs directly would take every default the API server fills
 * in for a hand edit.
 */
final class GeneratedSchedule {

  static final String TEMPLATE_HASH = DynamoDBBackupSchedule.GROUP + "/template-hash";
  static final String SPEC_HASH = DynamoDBBackupSchedule.GROUP + "/spec-hash";

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private GeneratedSchedule() {}

  /** The uid of the policy that controls {@code schedule}, or "" when none does. */
  static String generatedBy(DynamoDBBackupSchedule schedule) {
    for (OwnerReference ref : schedule.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())
          && "DynamoDBBackupPolicy".equals(ref.getKind())
          && ref.getApiVersion() != null
          && ref.getApiVersion().startsWith(DynamoDBBackupSchedule.GROUP + "/")) {
        return ref.getUid();
      }
    }
    return "";
  }

  /** The spec {@code policy} wants for {@code table}. */
  static DynamoDBBackupScheduleSpec spec(PolicySettings settings, String table) {
    ScheduleTemplate t = SERIALIZATION.clone(settings.template());
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName(table);
    spec.setRegion(settings.region());
    spec.setRoleArn(settings.roleArn());
    spec.setSchedule(t.getSchedule());
    spec.setTimeZone(t.getTimeZone());
    spec.setSuspend(t.getSuspend());
    spec.setImmediate(t.getImmediate());
    spec.setStartingDeadlineSeconds(t.getStartingDeadlineSeconds());
    spec.setRetention(t.getRetention());
    spec.setDeletionPolicy(t.getDeletionPolicy());
    spec.setVerify(t.getVerify());
    spec.setPointInTimeRecovery(t.getPointInTimeRecovery());
    spec.setExport(t.getExport());
    return spec;
  }

  /** A new schedule for {@code table}: owned by the policy, labelled, fingerprinted. */
  static DynamoDBBackupSchedule create(
      DynamoDBBackupPolicy policy, PolicySettings settings, String name, String table) {
    DynamoDBBackupScheduleSpec spec = spec(settings, table);
    DynamoDBBackupSchedule schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(policy.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    DynamoDBBackupPolicy.POLICY_LABEL,
                    GeneratedNames.labelValue(policy.getMetadata().getName())))
            .withAnnotations(Map.of(TEMPLATE_HASH, fingerprint(spec)))
            .withOwnerReferences(owner(policy))
            .build());
    schedule.setSpec(spec);
    return schedule;
  }

  /** {@code existing} put back to the policy's spec, keeping its other metadata. */
  static DynamoDBBackupSchedule putBack(
      DynamoDBBackupSchedule existing, DynamoDBBackupPolicy policy, PolicySettings settings) {
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(existing);
    DynamoDBBackupScheduleSpec spec = spec(settings, existing.getSpec().getTableName());
    copy.setSpec(spec);
    Map<String, String> annotations = annotations(copy);
    annotations.put(TEMPLATE_HASH, fingerprint(spec));
    annotations.remove(SPEC_HASH);
    copy.getMetadata().setAnnotations(annotations);
    Map<String, String> labels =
        copy.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(copy.getMetadata().getLabels());
    labels.put(
        DynamoDBBackupPolicy.POLICY_LABEL,
        GeneratedNames.labelValue(policy.getMetadata().getName()));
    copy.getMetadata().setLabels(labels);
    return copy;
  }

  /** {@code schedule} carrying the fingerprint of {@code storedSpec}, its spec as stored. */
  static DynamoDBBackupSchedule withStoredSpec(
      DynamoDBBackupSchedule schedule, DynamoDBBackupScheduleSpec storedSpec) {
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(schedule);
    Map<String, String> annotations = annotations(copy);
    annotations.put(SPEC_HASH, fingerprint(storedSpec));
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  /** Whether the stored fingerprint is missing (a write whose second half did not happen). */
  static boolean storedSpecUnrecorded(DynamoDBBackupSchedule existing) {
    return annotations(existing).get(SPEC_HASH) == null;
  }

  /**
   * Whether {@code existing} differs from what the policy wants: the template changed since it was
   * written, or its spec was changed by someone else since.
   */
  static boolean drifted(DynamoDBBackupSchedule existing, PolicySettings settings) {
    Map<String, String> annotations = annotations(existing);
    String wanted = fingerprint(spec(settings, existing.getSpec().getTableName()));
    if (!wanted.equals(annotations.get(TEMPLATE_HASH))) {
      return true;
    }
    String stored = annotations.get(SPEC_HASH);
    return stored != null && !stored.equals(fingerprint(existing.getSpec()));
  }

  static String fingerprint(DynamoDBBackupScheduleSpec spec) {
    try {
      return Fingerprint.of(CANONICAL.writeValueAsString(spec), 16);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a schedule spec is always serializable", e);
    }
  }

  private static Map<String, String> annotations(DynamoDBBackupSchedule s) {
    return s.getMetadata().getAnnotations() == null
        ? new HashMap<>()
        : new HashMap<>(s.getMetadata().getAnnotations());
  }

  private static OwnerReference owner(DynamoDBBackupPolicy policy) {
    return new OwnerReferenceBuilder()
        .withApiVersion(policy.getApiVersion())
        .withKind(policy.getKind())
        .withName(policy.getMetadata().getName())
        .withUid(policy.getMetadata().getUid())
        .withController(true)
        .build();
  }
}
