package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad spec becomes Ready=False/InvalidSpec naming the field; it never stops other schedules. */
class InvalidSpecTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(
            "a cron with four fields",
            (Consumer<DynamoDBBackupScheduleSpec>) s -> s.setSchedule("0 3 * *"),
            "spec.schedule"),
        Arguments.of(
            "a misspelt time zone",
            (Consumer<DynamoDBBackupScheduleSpec>) s -> s.setTimeZone("Europe/Berln"),
            "spec.timeZone \"Europe/Berln\""),
        Arguments.of(
            "a maxAge with an unknown unit",
            (Consumer<DynamoDBBackupScheduleSpec>)
                s -> {
                  RetentionSpec r = new RetentionSpec();
                  r.setMaxAge("30x");
                  s.setRetention(r);
                },
            "spec.retention.maxAge"),
        Arguments.of(
            "a table name with a space",
            (Consumer<DynamoDBBackupScheduleSpec>) s -> s.setTableName("my table"),
            "spec.tableName"),
        Arguments.of(
            "a region that contradicts the table ARN",
            (Consumer<DynamoDBBackupScheduleSpec>)
                s -> {
                  s.setTableName("arn:aws:dynamodb:eu-west-1:111122223333:table/orders");
                  s.setRegion("us-east-1");
                },
            "spec.region \"us-east-1\""));
  }

  @ParameterizedTest(name = "{0} is reported as InvalidSpec naming {2}")
  @MethodSource("badSpecs")
  void aBadSpecIsReportedWithTheFieldNamed(
      String caseName, Consumer<DynamoDBBackupScheduleSpec> breakIt, String field) {
    fx.create("broken", breakIt);
    fx.clock.set(fx.slot(0));

    var wake = fx.reconcile("broken");

    assertThat(wake).isEmpty();
    var ready = Conditions.ready(fx.status("broken").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains(field);
    assertThat(fx.dynamo.backups("orders")).isEmpty();
    assertThat(client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("InvalidSpec");
              assertThat(e.getMessage()).contains(field);
              assertThat(e.getInvolvedObject().getName()).isEqualTo("broken");
            });
  }

  @Test
  void aBrokenScheduleDoesNotStopAnotherFromBackingUp() {
    fx.create("broken", s -> s.setSchedule("61 3 * * *"));
    fx.create("fine", s -> s.setTableName("users"));
    fx.clock.set(fx.slot(0));

    fx.reconcile("broken");
    fx.reconcile("fine");

    assertThat(fx.dynamo.backups("users")).hasSize(1);
    assertThat(Conditions.ready(fx.status("fine").getConditions()).getStatus()).isEqualTo("True");
    assertThat(Conditions.ready(fx.status("broken").getConditions()).getReason())
        .isEqualTo("InvalidSpec");
  }

  @Test
  void fixingTheSpecMakesTheScheduleReadyAgain() {
    fx.create("broken", s -> s.setTimeZone("Mars/Olympus"));
    fx.reconcile("broken");

    fx.editSpec("broken", s -> s.setTimeZone("Europe/Berlin"));
    fx.reconcile("broken");

    var ready = Conditions.ready(fx.status("broken").getConditions());
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Scheduled");
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    var today = fx.clock.instant().atZone(berlin).toLocalDate().atTime(3, 0).atZone(berlin);
    var expected = today.toInstant().isAfter(fx.clock.instant()) ? today : today.plusDays(1);
    assertThat(fx.status("broken").getNextScheduleTime())
        .isEqualTo(StatusTimes.format(expected.toInstant()));
  }

  @Test
  void repeatingTheSameInvalidSpecDoesNotWriteOrRecordAgain() {
    fx.create("broken", s -> s.setSchedule("every day"));
    fx.reconcile("broken");
    String version = fx.get("broken").getMetadata().getResourceVersion();

    fx.reconcile("broken");

    assertThat(fx.get("broken").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems())
        .filteredOn(e -> e.getInvolvedObject().getName().equals("broken"))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }
}
