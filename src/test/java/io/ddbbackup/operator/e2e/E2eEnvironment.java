package io.ddbbackup.operator.e2e;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.testing.ExportFront;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MutableClock;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of every e2e test class: the shared {@link TestCluster} with moto, and one operator process
 * behind a {@link CreateBackupGate}, per class; per test a fresh namespace {@link #ns}, an empty
 * moto with table {@value TestCluster#TABLE}, and no schedules left behind. The methods without a
 * namespace act in the test's own.
 */
abstract class E2eEnvironment {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  static Moto moto;
  static CreateBackupGate gate;

  /**
   * The faithful export side between the gate and moto, for a class annotated {@link
   * ThroughExportFront}; null otherwise (the gate talks to moto).
   */
  static ExportFront front;

  /**
   * The front's clock when {@link ThroughExportFront#movedClock()}, else null; the operator's too
   * with {@link ThroughExportFront#operatorOnTheClock()}.
   */
  static MutableClock frontClock;

  static OperatorProcess operator;

  /** This test's namespace. */
  String ns;

  /**
   * The class's one operator, with the environment its {@link OperatorEnv} annotations name. A
   * subclass never starts its own: JUnit runs a superclass's {@code @BeforeAll} even beside a
   * static method of the same name, and two operators without leader election on one schedule race
   * for its slots.
   */
  @BeforeAll
  static void startOperatorBehindTheGate(TestInfo test) {
    moto = cluster.moto();
    ThroughExportFront through =
        test.getTestClass().orElseThrow().getAnnotation(ThroughExportFront.class);
    frontClock =
        through != null && through.movedClock()
            ? new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS))
            : null;
    front =
        through != null
            ? cluster.closeAfterClass(
                new ExportFront(
                    moto.endpoint(), frontClock != null ? frontClock : Clock.systemUTC()))
            : null;
    gate =
        cluster.closeAfterClass(
            new CreateBackupGate(front == null ? moto.endpoint() : front.endpoint()));
    OperatorProcess process = cluster.newOperator("operator", gate.endpoint());
    if (frontClock != null && through.operatorOnTheClock()) {
      Path clockFile = cluster.workDir().resolve("operator-clock");
      frontClock.publishTo(clockFile);
      process.withClockFile(clockFile);
    }
    for (OperatorEnv env :
        test.getTestClass().orElseThrow().getAnnotationsByType(OperatorEnv.class)) {
      process.withEnv(env.name(), env.value());
    }
    operator = process.start();
  }

  @BeforeEach
  void freshNamespaceAndTable() {
    gate.pass();
    cluster.resetMoto();
    if (front != null) {
      front.forget();
    }
    ns = cluster.newNamespace("e2e");
  }

  /** No schedule may outlive its test and keep backing up into the next one's moto. */
  @AfterEach
  void deleteSchedules() {
    if (!operator.isAlive()) {
      operator.start();
    }
    cluster.deleteSchedules(ns);
  }

  static KubernetesClient admin() {
    return cluster.admin();
  }

  GenericKubernetesResource apply(String name, String specYaml) {
    return cluster.apply(ns, name, specYaml);
  }

  DynamoDBBackupSchedule schedule(String name) {
    return cluster.schedule(ns, name);
  }

  DynamoDBBackupSchedule awaitSchedule(
      String name, Duration atMost, String what, Predicate<DynamoDBBackupSchedule> condition) {
    return cluster.awaitSchedule(ns, name, atMost, what, condition);
  }

  String prefix(String name) {
    return TestCluster.backupPrefix(ns, name);
  }

  List<String> backupsOf(String name) {
    return cluster.backupsOf(ns, name);
  }

  void backupNow(String name, String value) {
    cluster.backupNow(ns, name, value);
  }

  void mergePatch(String name, String json) {
    cluster.mergePatch(ns, name, json);
  }
}
