package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.Map;

/**
 * A "do it now" annotation set on a schedule to a new value (backup-now, drill-now): the merge
 * patch, printed instead of sent with --dry-run, and the schedule it goes to.
 *
 * @param annotation the annotation's key
 * @param value the new value, which the operator acts on once
 */
public record Trigger(String annotation, String value) {

  /** The merge patch that sets the annotation. */
  public Map<String, Object> patch() {
    return Map.of("metadata", Map.of("annotations", Map.of(annotation, value)));
  }

  /** Prints the patch it would send to {@code name}; sends nothing. */
  public void printDryRun(Cluster cluster, String name, PrintWriter out) {
    out.println(
        "# merge patch for dynamodbbackupschedule %s/%s (not sent: --dry-run)"
            .formatted(cluster.namespace(), name));
    new Output(out, false).document(patch(), OutputFormat.yaml);
  }

  /** A schedule as read once: where to patch and follow it, and what it was. */
  public record Found(Resource<DynamoDBBackupSchedule> resource, DynamoDBBackupSchedule read) {}

  /** The schedule {@code name}, read once, or a one-line error naming where to look. */
  public static Found schedule(Cluster cluster, String name) {
    Resource<DynamoDBBackupSchedule> resource =
        cluster
            .client()
            .resources(DynamoDBBackupSchedule.class)
            .inNamespace(cluster.namespace())
            .withName(name);
    DynamoDBBackupSchedule read = resource.get();
    if (read == null) {
      throw new CliException(
          "schedule %s not found in namespace %s: list them with kubectl ddb status -n %s"
              .formatted(name, cluster.namespace(), cluster.namespace()));
    }
    return new Found(resource, read);
  }

  /** Sets the annotation on the schedule. */
  public void send(Resource<DynamoDBBackupSchedule> schedule) {
    schedule.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch()));
  }

  /** What the command says when it does not wait. */
  public String requested(String what, Cluster cluster, String name) {
    return "%s requested on %s/%s (%s=%s); follow it with kubectl ddb describe %s"
        .formatted(what, cluster.namespace(), name, annotation, value, name);
  }
}
