package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.e2e.ReadyCondition.isReady;
import static io.ddbbackup.operator.e2e.ReadyCondition.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.e2e.OperatorProcess;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The operator jar with a tenancy policy file: namespace {@code team-a} may back up table {@code
 * orders} without a role. A schedule outside the policy gets Ready=False NotPermitted and leaves
 * moto untouched, while a permitted one backs up.
 */
class TenancyIT extends ReliabilityEnvironment {

  @Test
  void aForbiddenScheduleIsNotPermittedAndMakesNoBackupWhileAPermittedOneBacksUp()
      throws IOException {
    moto.createTable("invoices");
    controlPlane.createNamespace("team-a");
    controlPlane.createNamespace("team-b");
    Path policy =
        Files.writeString(
            workDir.resolve("tenancy.yaml"),
            """
            rules:
              - namespaces: [team-a]
                tables: ["orders"]
            """);
    OperatorProcess operator =
        newOperator("operator").withArgs("--tenancy-policy=" + policy).start();

    apply("team-a", "permitted", "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n");
    apply("team-a", "other-table", "tableName: invoices\nschedule: \"@daily\"\nimmediate: true\n");
    apply(
        "team-a",
        "with-role",
        "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n"
            + "roleArn: arn:aws:iam::123456789012:role/someone-elses\n");
    apply(
        "team-b", "other-namespace", "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n");

    awaitSchedule(
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
          awaitSchedule(
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
                  events(forbidden[0], forbidden[1]).stream()
                      .map(Event::getReason)
                      .anyMatch("NotPermitted"::equals));
    }

    assertThat(moto.backupNames("invoices")).as("backups of the forbidden table").isEmpty();
    assertThat(moto.backupNames(TABLE))
        .as("backups of orders: only the permitted schedule's")
        .hasSize(1)
        .allMatch(n -> n.startsWith("team-a-permitted-"));
    assertThat(operator.logText()).doesNotContain("creating backup team-b-");
    deleteSchedules("team-a");
    deleteSchedules("team-b");
  }
}
