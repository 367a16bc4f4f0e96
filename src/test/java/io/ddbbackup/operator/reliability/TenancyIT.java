package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.ReadyCondition.ready;
import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator jar with a tenancy policy file: namespace {@code team-a} may back up table {@code
 * orders} without a role. A schedule outside the policy gets Ready=False NotPermitted and leaves
 * moto untouched, while a permitted one backs up.
 */
class TenancyIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  @Test
  void aForbiddenScheduleIsNotPermittedAndMakesNoBackupWhileAPermittedOneBacksUp()
      throws IOException {
    cluster.moto().createTable("invoices");
    cluster.controlPlane().createNamespace("team-a");
    cluster.controlPlane().createNamespace("team-b");
    Path policy =
        Files.writeString(
            cluster.workDir().resolve("tenancy.yaml"),
            """
            rules:
              - namespaces: [team-a]
                tables: ["orders"]
            """);
    OperatorProcess operator =
        cluster.newOperator("operator").withArgs("--tenancy-policy=" + policy).start();

    cluster.apply(
        "team-a", "permitted", "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n");
    cluster.apply(
        "team-a", "other-table", "tableName: invoices\nschedule: \"@daily\"\nimmediate: true\n");
    cluster.apply(
        "team-a",
        "with-role",
        "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n"
            + "roleArn: arn:aws:iam::123456789012:role/someone-elses\n");
    cluster.apply(
        "team-b", "other-namespace", "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n");

    cluster.awaitSchedule(
        "team-a",
        "permitted",
        Duration.ofSeconds(60),
        "Ready=True after its immediate backup",
        s -> isReady(s, "True", "Scheduled") && s.getStatus().getLastBackupArn() != null);
    for (String[] forbidden :
        new String[][] {
          {"team-a", "other-table", "invoices"},
          {"team-a", "with-role", "someone-elses"},
          {"team-b", "other-namespace", "team-b"}
        }) {
      var refused =
          cluster.awaitSchedule(
              forbidden[0],
              forbidden[1],
              Duration.ofSeconds(30),
              "Ready=False NotPermitted",
              s -> isReady(s, "False", "NotPermitted"));
      assertThat(ready(refused).getMessage()).contains(forbidden[2]);
      assertThat(refused.getStatus().getLastBackupName()).isNull();
      await(forbidden[1] + ": a NotPermitted Event")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  cluster.events(forbidden[0], forbidden[1]).stream()
                      .map(Event::getReason)
                      .anyMatch("NotPermitted"::equals));
    }

    assertThat(cluster.moto().backupNames("invoices"))
        .as("backups of the forbidden table")
        .isEmpty();
    assertThat(cluster.moto().backupNames(TABLE))
        .as("backups of orders: only the permitted schedule's")
        .hasSize(1)
        .allMatch(n -> n.startsWith("team-a-permitted-"));
    assertThat(operator.logText()).doesNotContain("creating backup team-b-");
    cluster.deleteSchedules("team-a");
    cluster.deleteSchedules("team-b");
  }
}
