package io.ddbbackup.operator.jobs;

import io.ddbbackup.operator.restore.ReplayRequest;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job of one {@link ReplayRequest}: an Indexed Job whose pods each replay one shard of the
 * export's data files with the operator's own image, under Pod Security "restricted".
 */
public final class ReplayJobManifest {

  /** The restore's uid: how the operator finds (and deletes) every Job of one restore. */
  public static final String RESTORE_UID = "ddbbackup.io/restore-uid";

  public static final String RESTORE_NAME = "ddbbackup.io/restore-name";
  public static final String RESTORE_NAMESPACE = "ddbbackup.io/restore-namespace";

  /** The export's place among those the restore applies, from 1. */
  public static final String SEQUENCE = "ddbbackup.io/replay-sequence";

  /** The restore's full namespace/name (a label value is cut at 63 characters). */
  public static final String RESTORE_ANNOTATION = "ddbbackup.io/restore";

  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String CONTAINER = "replay";

  /**
   * Pods one shard may fail before the Job gives up. Every shard's work is idempotent (a final
   * image put twice is the same item), so a pod that died is simply run again; three retries ride
   * out a node lost or an AWS outage of a few minutes (the Job controller waits 10 s, 20 s, 40 s).
   */
  public static final int RETRIES_PER_SHARD = 3;

  /** The replay command's exit code for "refused for good" (see issue #24's contract). */
  public static final int REFUSED = 2;

  static final String TMP_SIZE = "64Mi";
  static final String JAVA_TOOL_OPTIONS =
      "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp";
  private static final long NONROOT = 65532L;
  private static final int LABEL_LIMIT = 63;

  private ReplayJobManifest() {}

  public static Job of(ReplayRequest request, ReplayJobSettings settings) {
    Map<String, String> labels = labels(request);
    Map<String, String> podLabels = new LinkedHashMap<>();
    podLabels.put(RESTORE_UID, request.restoreUid());
    podLabels.put(COMPONENT, "replay");
    podLabels.put("app.kubernetes.io/name", "dynamodb-backup-operator");
    return new JobBuilder()
        .withNewMetadata()
        .withName(request.jobName())
        .withNamespace(settings.namespace())
        .withLabels(labels)
        .withAnnotations(annotations(request))
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(request.shards())
        .withParallelism(request.shards())
        .withBackoffLimitPerIndex(RETRIES_PER_SHARD)
        // a shard that failed for good fails the Job at once: the export is applied whole or not
        // at all, and the other shards' work would be done again by the next attempt anyway
        .withMaxFailedIndexes(0)
        // the replacement of a failed pod starts once it has stopped, never beside it
        .withPodReplacementPolicy("Failed")
        .withNewPodFailurePolicy()
        .withRules(
            // exit 2: bad arguments, a table that is not the restore's, no manifest; no retry helps
            new PodFailurePolicyRuleBuilder()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName(CONTAINER)
                .withOperator("In")
                .withValues(REFUSED)
                .endOnExitCodes()
                .build(),
            // a pod evicted or preempted did nothing wrong: it does not spend a retry
            new PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .build())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(settings.serviceAccount())
        // the pods never call the Kubernetes API; IRSA and Pod Identity bring their own token
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NONROOT)
        .withRunAsGroup(NONROOT)
        .withFsGroup(NONROOT)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(settings.image())
        .withImagePullPolicy(settings.imagePullPolicy())
        .withArgs(request.args())
        .withEnv(env(settings))
        .withNewResources()
        .addToRequests("cpu", new Quantity(settings.cpu()))
        .addToRequests("memory", new Quantity(settings.memory()))
        .addToLimits("memory", new Quantity(settings.memory()))
        .endResources()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withPrivileged(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        // the JVM's only writable path: the root filesystem is read-only
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(TMP_SIZE))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Job's labels: the restore's uid, name, namespace and the export's sequence. */
  static Map<String, String> labels(ReplayRequest request) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "dynamodb-backup-operator");
    labels.put(COMPONENT, "replay");
    labels.put("app.kubernetes.io/managed-by", "dynamodb-backup-operator");
    labels.put(RESTORE_UID, request.restoreUid());
    if (request.restoreName() != null) {
      labels.put(RESTORE_NAME, labelValue(request.restoreName()));
    }
    if (request.restoreNamespace() != null) {
      labels.put(RESTORE_NAMESPACE, request.restoreNamespace());
    }
    labels.put(SEQUENCE, Integer.toString(request.sequence()));
    return labels;
  }

  private static Map<String, String> annotations(ReplayRequest request) {
    return request.restoreNamespace() == null || request.restoreName() == null
        ? Map.of()
        : Map.of(RESTORE_ANNOTATION, request.restoreNamespace() + "/" + request.restoreName());
  }

  /** A resource name (up to 253 characters, dots allowed) cut to a label value's 63. */
  static String labelValue(String name) {
    String value = name.length() > LABEL_LIMIT ? name.substring(0, LABEL_LIMIT) : name;
    while (!value.isEmpty() && !Character.isLetterOrDigit(value.charAt(value.length() - 1))) {
      value = value.substring(0, value.length() - 1);
    }
    return value;
  }

  private static List<EnvVar> env(ReplayJobSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS, null));
    settings.env().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
    return env;
  }
}
