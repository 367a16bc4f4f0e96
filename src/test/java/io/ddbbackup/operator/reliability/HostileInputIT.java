package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.ReadyCondition.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and invalid specs, table-driven, against one operator process: each is refused by the API
 * server naming the field, or accepted and reported Ready=False (InvalidSpec or TableNotFound)
 * naming the field. The operator never dies, and a valid every-minute schedule beside them keeps
 * every slot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String OK = "tableName: orders\nschedule: \"@daily\"\n";

  static OperatorProcess operator;
  static String ns;
  static Instant goodCreated;
  static int tried;
  private static int names;

  @BeforeAll
  static void oneOperatorAndAValidScheduleBesideEverything() {
    operator = cluster.newOperator("operator").start();
    ns = cluster.newNamespace("rel");
    cluster.apply(ns, "good", "tableName: orders\nschedule: \"* * * * *\"\n");
    goodCreated = Instant.now();
  }

  static Stream<Arguments> specsTheApiServerRejects() {
    return Stream.of(
        rejected(
            "a table name with a space",
            "tableName: \"a b\"\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a unicode table name",
            "tableName: \"ordérs\"\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a table name of two characters",
            "tableName: ab\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a table name of 256 characters",
            "tableName: " + "t".repeat(256) + "\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a table name of 10 kB",
            "tableName: " + "t".repeat(10_240) + "\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a table ARN with a short account id",
            "tableName: arn:aws:dynamodb:eu-west-1:12345:table/orders\nschedule: \"@daily\"\n",
            "spec.tableName"),
        rejected(
            "a table ARN in another region than spec.region",
            "tableName: arn:aws:dynamodb:us-east-1:123456789012:table/orders\n"
                + "region: eu-west-1\nschedule: \"@daily\"\n",
            "spec.region"),
        rejected("an upper-case region", OK + "region: EU-WEST-1\n", "spec.region"),
        rejected("no table name", "schedule: \"@daily\"\n", "spec.tableName"),
        rejected("no schedule", "tableName: orders\n", "spec.schedule"),
        rejected("an empty schedule", "tableName: orders\nschedule: \"\"\n", "spec.schedule"),
        rejected(
            "a schedule of 300 characters",
            "tableName: orders\nschedule: \"" + "1".repeat(300) + "\"\n",
            "spec.schedule"),
        rejected(
            "a schedule that is a number", "tableName: orders\nschedule: 5\n", "spec.schedule"),
        rejected(
            "a time zone of 100 characters",
            OK + "timeZone: " + "Z".repeat(100) + "\n",
            "spec.timeZone"),
        rejected("keepLast of zero", OK + "retention:\n  keepLast: 0\n", "spec.retention.keepLast"),
        rejected(
            "a negative keepLast", OK + "retention:\n  keepLast: -3\n", "spec.retention.keepLast"),
        rejected(
            "a huge keepDaily",
            OK + "retention:\n  keepDaily: 1000000000\n",
            "spec.retention.keepDaily"),
        rejected(
            "keepLast as a word",
            OK + "retention:\n  keepLast: seven\n",
            "spec.retention.keepLast"),
        rejected("retention as a list", OK + "retention: [7]\n", "spec.retention"),
        rejected(
            "a maxAge without a unit",
            OK + "retention:\n  maxAge: \"30\"\n",
            "spec.retention.maxAge"),
        rejected(
            "a negative maxAge", OK + "retention:\n  maxAge: \"-5d\"\n", "spec.retention.maxAge"),
        rejected(
            "a maxAge of ten digits",
            OK + "retention:\n  maxAge: \"9999999999d\"\n",
            "spec.retention.maxAge"),
        rejected(
            "a zero startingDeadlineSeconds",
            OK + "startingDeadlineSeconds: 0\n",
            "spec.startingDeadlineSeconds"),
        rejected(
            "a huge startingDeadlineSeconds",
            OK + "startingDeadlineSeconds: 99999999999\n",
            "spec.startingDeadlineSeconds"),
        rejected(
            "a prefix of 239 characters",
            OK + "backupNamePrefix: " + "p".repeat(239) + "\n",
            "spec.backupNamePrefix"),
        rejected(
            "a prefix with a slash", OK + "backupNamePrefix: \"a/b\"\n", "spec.backupNamePrefix"),
        rejected(
            "a unicode prefix", OK + "backupNamePrefix: \"bäckup\"\n", "spec.backupNamePrefix"),
        rejected("an empty prefix", OK + "backupNamePrefix: \"\"\n", "spec.backupNamePrefix"),
        rejected("a roleArn that is no ARN", OK + "roleArn: \"admin\"\n", "spec.roleArn"),
        rejected(
            "a roleArn with a short account id",
            OK + "roleArn: \"arn:aws:iam::1234:role/x\"\n",
            "spec.roleArn"),
        rejected(
            "a roleArn of a user",
            OK + "roleArn: \"arn:aws:iam::123456789012:user/x\"\n",
            "spec.roleArn"),
        rejected("suspend as a string", OK + "suspend: \"yes\"\n", "spec.suspend"),
        rejected("a deletion policy Maybe", OK + "deletionPolicy: Maybe\n", "spec.deletionPolicy"),
        rejected("an unknown spec field", OK + "retension:\n  keepLast: 3\n", "spec.retension"),
        rejected(
            "an unknown retention field",
            OK + "retention:\n  keepHourly: 3\n",
            "spec.retention.keepHourly"));
  }

  private static Arguments rejected(String what, String spec, String field) {
    return Arguments.of(what, spec, field);
  }

  @Order(1)
  @ParameterizedTest(name = "{0} is rejected naming {2}")
  @MethodSource("specsTheApiServerRejects")
  void theApiServerRejectsItNamingTheField(String what, String spec, String field) {
    tried++;
    String name = "rejected-" + ++names;
    assertThatThrownBy(
            () ->
                cluster
                    .admin()
                    .resource(TestCluster.resource(ns, name, spec))
                    .fieldValidation(Validation.STRICT)
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isIn(400, 422))
        .hasMessageContaining(field);
    assertThat(cluster.schedule(ns, name)).isNull();
  }

  static Stream<Arguments> specsTheOperatorReportsInvalid() {
    return Stream.of(
        invalid("a minute of 61", "61 * * * *", null, "spec.schedule"),
        invalid("a six-field cron", "0 0 3 * * *", null, "spec.schedule"),
        invalid("the @every macro", "@every 5m", null, "spec.schedule"),
        invalid("the @reboot macro", "@reboot", null, "spec.schedule"),
        invalid("words", "at three every night", null, "spec.schedule"),
        invalid("full-width digits", "０ ３ * * *", null, "spec.schedule"),
        invalid("a step of zero", "*/0 * * * *", null, "spec.schedule"),
        invalid("a reversed range", "0 5-3 * * *", null, "spec.schedule"),
        invalid("a misspelt zone", "0 3 * * *", "Europe/Berln", "spec.timeZone"),
        invalid("an offset instead of a zone", "0 3 * * *", "+02:00", "spec.timeZone"),
        invalid("a zone with a path", "0 3 * * *", "../../etc/passwd", "spec.timeZone"),
        invalid("a unicode zone", "0 3 * * *", "Europe/Bérlin", "spec.timeZone"));
  }

  private static Arguments invalid(String what, String cron, String zone, String field) {
    return Arguments.of(what, cron, zone, field);
  }

  @Order(2)
  @ParameterizedTest(name = "{0} becomes Ready=False InvalidSpec naming {3}")
  @MethodSource("specsTheOperatorReportsInvalid")
  void theOperatorReportsItInvalidNamingTheField(
      String what, String cron, String zone, String field) {
    tried++;
    String name = "invalid-" + ++names;
    cluster.apply(
        ns,
        name,
        "tableName: orders\nschedule: %s\nimmediate: true\n%s"
            .formatted(
                io.fabric8.kubernetes.client.utils.Serialization.asJson(cron),
                zone == null
                    ? ""
                    : "timeZone: "
                        + io.fabric8.kubernetes.client.utils.Serialization.asJson(zone)
                        + "\n"));
    var reported =
        cluster.awaitSchedule(
            ns,
            name,
            Duration.ofSeconds(30),
            "Ready=False InvalidSpec",
            s -> isReady(s, "False", "InvalidSpec"));
    assertThat(ready(reported).getMessage()).contains(field);
    assertThat(cluster.backupsOf(ns, name)).isEmpty();
    assertThat(operator.isAlive()).isTrue();
  }

  @Order(3)
  @Test
  void aTableThatDoesNotExistIsReportedAsTableNotFoundWithAnEvent() {
    tried++;
    cluster.apply(
        ns, "missing-table", "tableName: no_such_table\nschedule: \"@daily\"\nimmediate: true\n");
    var reported =
        cluster.awaitSchedule(
            ns,
            "missing-table",
            Duration.ofSeconds(60),
            "Ready=False TableNotFound",
            s -> isReady(s, "False", "TableNotFound"));
    assertThat(ready(reported).getMessage()).contains("no_such_table");
    await("a TableNotFound Event")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.events(ns, "missing-table").stream()
                    .map(Event::getReason)
                    .anyMatch("TableNotFound"::equals));
  }

  @Order(4)
  @Test
  void oddBackupNowValuesTakeOneBackupEachOrNoneWhenEmpty() {
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    tried++;
    cluster.backupNow(ns, "manual", "");
    int expected = 0;
    List<String> odd = List.of("🚀 jetzt ∑", "x".repeat(10_240), "\"quoted\" \\ back\nslash", "0");
    for (String value : odd) {
      tried++;
      cluster.backupNow(ns, "manual", value);
      expected++;
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(30),
          "backup-now " + value.substring(0, Math.min(20, value.length())),
          s ->
              value.equals(s.getStatus().getLastManualTrigger())
                  && s.getStatus().getLastBackupArn() != null);
      // distinct names need distinct seconds: the name is the trigger time
      int soFar = expected;
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> cluster.backupsOf(ns, "manual").size() == soFar);
      await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
    }
    assertThat(cluster.backupsOf(ns, "manual")).hasSize(expected);
  }

  @Order(5)
  @Test
  void theOperatorNeverCrashedAndTheValidScheduleKeptEverySlot() {
    // at least one whole minute slot must have passed beside all of the above
    Instant firstSlot = goodCreated.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    await("the first minute slot after the hostile specs")
        .atMost(Duration.ofSeconds(130))
        .until(
            () -> cluster.backupsOf(ns, "good").contains(ns + "-good-" + STAMP.format(firstSlot)));
    Instant lastPassed = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    await("the last passed slot")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.backupsOf(ns, "good").contains(ns + "-good-" + STAMP.format(lastPassed)));
    List<String> missing = new ArrayList<>();
    for (Instant slot = firstSlot; !slot.isAfter(lastPassed); slot = slot.plusSeconds(60)) {
      if (!cluster.backupsOf(ns, "good").contains(ns + "-good-" + STAMP.format(slot))) {
        missing.add(STAMP.format(slot));
      }
    }
    assertThat(missing).as("slots of the valid schedule without a backup").isEmpty();
    assertThat(cluster.duplicates(ns)).isEmpty();
    assertThat(operator.isAlive()).as("operator process alive").isTrue();
    assertThat(operator.starts()).as("operator starts").isEqualTo(1);
    assertThat(operator.logText())
        .doesNotContain("OutOfMemoryError")
        .doesNotContain("Exception in thread");
    DynamoDBBackupSchedule good = cluster.schedule(ns, "good");
    assertThat(isReady(good, "True", "Scheduled")).isTrue();
    String report =
        "%d hostile inputs tried, operator alive with 1 start, valid schedule %d backups, %d missing slots, %d duplicates"
            .formatted(
                tried,
                cluster.backupsOf(ns, "good").size(),
                missing.size(),
                cluster.duplicates(ns).size());
    System.out.println("hostile-input: " + report);
    Figures.record("hostile-input", report);
    assertThat(tried).isGreaterThanOrEqualTo(30);
  }

  @AfterAll
  static void cleanUp() {
    cluster.deleteSchedules(ns);
  }
}
