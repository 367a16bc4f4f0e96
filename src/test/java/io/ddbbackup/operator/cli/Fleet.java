package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.api.DrillStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Schedules in the states a fleet holds, written to a (mock) API server as the operator would. */
public final class Fleet {

  private final KubernetesClient client;

  public Fleet(KubernetesClient client) {
    this.client = client;
  }

  public DynamoDBBackupSchedule put(
      String namespace,
      String name,
      Consumer<DynamoDBBackupScheduleSpec> spec,
      Consumer<DynamoDBBackupScheduleStatus> status) {
    var schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var s = new DynamoDBBackupScheduleSpec();
    s.setTableName("orders");
    s.setSchedule("0 3 * * *");
    spec.accept(s);
    schedule.setSpec(s);
    var created = client.resource(schedule).create();
    var st = new DynamoDBBackupScheduleStatus();
    status.accept(st);
    created.setStatus(st);
    return client.resource(created).updateStatus();
  }

  public static Consumer<DynamoDBBackupScheduleStatus> ready(
      String status, String reason, Instant lastSuccess, Instant next) {
    return st -> {
      st.setConditions(new ArrayList<>(List.of(condition("Ready", status, reason))));
      if (lastSuccess != null) {
        st.setLastSuccessfulTime(lastSuccess.toString());
        st.setLastBackupStatus("AVAILABLE");
      }
      if (next != null) {
        st.setNextScheduleTime(next.toString());
      }
      st.setBackupCount(3);
    };
  }

  public static Consumer<DynamoDBBackupScheduleStatus> drilling(
      Consumer<DynamoDBBackupScheduleStatus> base) {
    return base.andThen(
        st -> {
          var v = new VerificationStatus();
          var drill = new DrillStatus();
          drill.setPhase("Restoring");
          v.setDrill(drill);
          st.setVerification(v);
        });
  }

  public static Consumer<DynamoDBBackupScheduleStatus> lastDrill(
      String result, Consumer<DynamoDBBackupScheduleStatus> base) {
    return base.andThen(
        st -> {
          var v = new VerificationStatus();
          v.setLastVerifyResult(result);
          st.setVerification(v);
          st.getConditions()
              .add(condition("Verified", "Passed".equals(result) ? "True" : "False", result));
        });
  }

  public static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(type + " is " + status)
        .withLastTransitionTime("2026-12-01T00:00:00Z")
        .build();
  }
}
