package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.PointInTimeRecoverySpec;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two schedules that manage one table's point-in-time recovery with different wishes do not fight:
 * judged by the fake table's PITR and the calls that reached it, and by what each schedule reports.
 */
class PitrConflictTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void twoSchedulesAskingForDifferentPitrOfOneTableBothReportItAndNeitherChangesTheTable() {
    fx.create("keeps-it-on", pitr(true, 7));
    fx.create("turns-it-off", pitr(false, null));

    for (int round = 0; round < 3; round++) {
      fx.reconcile("keeps-it-on");
      fx.reconcile("turns-it-off");
      fx.clock.advance(PitrWishes.RECHECK);
    }

    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isZero();
    assertThat(fx.dynamo.pointInTimeRecovery("orders").on()).isFalse();
    Condition on = pitrCondition("keeps-it-on");
    assertThat(on.getStatus()).isEqualTo("False");
    assertThat(on.getReason()).isEqualTo("Conflict");
    assertThat(on.getMessage()).contains(ScheduleFixture.NAMESPACE + "/turns-it-off", "disabled");
    Condition off = pitrCondition("turns-it-off");
    assertThat(off.getReason()).isEqualTo("Conflict");
    assertThat(off.getMessage()).contains(ScheduleFixture.NAMESPACE + "/keeps-it-on", "7 days");
    assertThat(conflictEvents("keeps-it-on")).as("reported once, not at every look").hasSize(1);
    assertThat(conflictEvents("turns-it-off")).hasSize(1);
  }

  @Test
  void onceTheSpecsAgreeTheTableIsChangedOnce() {
    fx.create("keeps-it-on", pitr(true, 7));
    fx.create("turns-it-off", pitr(false, null));
    fx.reconcile("keeps-it-on");
    fx.reconcile("turns-it-off");

    fx.editSpec("turns-it-off", pitr(true, 7));
    fx.clock.advance(PitrWishes.RECHECK);
    fx.reconcile("turns-it-off");
    fx.reconcile("keeps-it-on");

    assertThat(fx.dynamo.pointInTimeRecovery("orders").on()).isTrue();
    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isEqualTo(1);
    assertThat(pitrCondition("keeps-it-on").getStatus()).isEqualTo("True");
    assertThat(pitrCondition("turns-it-off").getStatus()).isEqualTo("True");
  }

  @Test
  void schedulesOfDifferentTablesOrWithTheSameWishAreNoConflict() {
    fx.dynamo.addTable("invoices");
    fx.create("orders-on", pitr(true, null));
    fx.create("also-orders-on", pitr(true, null));
    fx.create(
        "invoices-off",
        spec -> {
          pitr(false, null).accept(spec);
          spec.setTableName("invoices");
        });

    for (String name : List.of("orders-on", "also-orders-on", "invoices-off")) {
      fx.reconcile(name);
    }

    assertThat(fx.dynamo.pointInTimeRecovery("orders").on()).isTrue();
    for (String name : List.of("orders-on", "also-orders-on", "invoices-off")) {
      assertThat(pitrCondition(name).getStatus()).as(name).isEqualTo("True");
    }
  }

  private static Consumer<DynamoDBBackupScheduleSpec> pitr(boolean enabled, Integer days) {
    return spec -> {
      PointInTimeRecoverySpec p = new PointInTimeRecoverySpec();
      p.setEnabled(enabled);
      p.setRecoveryPeriodInDays(days);
      spec.setPointInTimeRecovery(p);
    };
  }

  private Condition pitrCondition(String name) {
    return Conditions.of(fx.status(name).getConditions(), PointInTimeRecovery.CONDITION);
  }

  private List<Event> conflictEvents(String name) {
    return client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> "PointInTimeRecoveryConflict".equals(e.getReason()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
