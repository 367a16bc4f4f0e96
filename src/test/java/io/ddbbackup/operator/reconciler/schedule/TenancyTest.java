package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.reconciler.TenancyPolicy.Rule;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A schedule outside the operator's tenancy policy is refused before any AWS call. */
class TenancyTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  // namespace "shop" may back up orders* tables and assume the shop backup role
  static final TenancyPolicy SHOP_ONLY =
      new TenancyPolicy(
          List.of(
              new Rule(
                  List.of("shop"),
                  List.of("orders*"),
                  List.of("arn:aws:iam::111122223333:role/shop-*"))));

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
    fx.useTenancy(SHOP_ONLY);
  }

  @Test
  void aTableOutsideTheNamespacesGrantIsNotPermittedAndAwsIsNeverCalled() {
    fx.create("users", spec -> spec.setTableName("users"));
    fx.clock.set(fx.slot(0));

    var wake = fx.reconcile("users");

    assertThat(wake).isEmpty();
    var ready = Conditions.ready(fx.status("users").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("NotPermitted");
    assertThat(ready.getMessage()).contains("spec.tableName users");
    for (Operation op : Operation.values()) {
      assertThat(fx.dynamo.calls(op)).isZero();
    }
  }

  @Test
  void aRoleOutsideTheGrantIsNotPermitted() {
    fx.create("orders", spec -> spec.setRoleArn("arn:aws:iam::999999999999:role/someone-elses"));
    fx.clock.set(fx.slot(0));

    fx.reconcile("orders");

    var ready = Conditions.ready(fx.status("orders").getConditions());
    assertThat(ready.getReason()).isEqualTo("NotPermitted");
    assertThat(ready.getMessage()).contains("spec.roleArn");
    assertThat(fx.dynamo.calls(Operation.CREATE)).isZero();
  }

  @Test
  void aScheduleInsideTheGrantBacksUp() {
    fx.create("orders", spec -> {});
    fx.clock.set(fx.slot(0));

    fx.reconcile("orders");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void withoutAPolicyEverythingIsPermitted() {
    fx.useTenancy(TenancyPolicy.allowAll());
    fx.create("users", spec -> spec.setTableName("users"));
    fx.clock.set(fx.slot(0));

    fx.reconcile("users");

    assertThat(fx.dynamo.backups("users")).hasSize(1);
  }

  @Test
  void aRefusalNamesThePolicySourceSoTheTenantKnowsWhatToAskAbout() {
    String source =
        "file /etc/ddbbackup/tenancy.yaml, ConfigMap ddbbackup-system/ddb-tenancy, Helm value"
            + " tenancy.rules";
    fx.useTenancy(new TenancyPolicy(SHOP_ONLY.rules(), source));
    fx.create("users", spec -> spec.setTableName("users"));

    fx.reconcile("users");

    var ready = Conditions.ready(fx.status("users").getConditions());
    assertThat(ready.getReason()).isEqualTo("NotPermitted");
    assertThat(ready.getMessage())
        .isEqualTo(
            "the operator's tenancy policy (%s) does not let namespace shop back up"
                    .formatted(source)
                + " spec.tableName users");
  }

  @Test
  void globsMatchTableArnsAndNamesAlike() {
    var policy =
        new TenancyPolicy(
            List.of(
                new Rule(
                    List.of("team-*"), List.of("arn:aws:dynamodb:*:111122223333:table/*"), null)));

    assertThat(policy.check("team-a", "arn:aws:dynamodb:eu-west-1:111122223333:table/x", "x", null))
        .isEmpty();
    assertThat(policy.check("team-a", "arn:aws:dynamodb:eu-west-1:222222222222:table/x", "x", null))
        .isPresent();
    assertThat(policy.check("other", "arn:aws:dynamodb:eu-west-1:111122223333:table/x", "x", null))
        .isPresent();
    assertThat(policy.check("team-a", "x", "x", null)).isPresent();
  }
}
