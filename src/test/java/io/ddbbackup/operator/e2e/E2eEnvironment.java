package io.ddbbackup.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of every e2e test class: one real control plane, one moto and one operator process per class
 * (started in @BeforeAll, so a missing tool fails the class loudly), and per test a fresh
 * namespace, an empty moto with table {@value #TABLE}, and no schedules left behind.
 */
abstract class E2eEnvironment {

  static final String TABLE = "orders";

  static ControlPlane controlPlane;
  static Moto moto;
  static CreateBackupGate gate;
  static OperatorProcess operator;
  static Path workDir;

  private static int namespaces;

  /** This test's namespace. */
  String ns;

  @BeforeAll
  static void startComponents(TestInfo info) {
    workDir = Tools.workDir(info.getTestClass().orElseThrow().getSimpleName());
    controlPlane = new ControlPlane(workDir).start();
    moto = new Moto(workDir).start();
    gate = new CreateBackupGate(moto.endpoint());
    operator = new OperatorProcess(controlPlane, gate.endpoint(), workDir).start();
  }

  @AfterAll
  static void stopComponents() {
    // the operator first: it must not see the API server or moto vanish under it
    for (AutoCloseable component : new AutoCloseable[] {operator, gate, moto, controlPlane}) {
      try {
        if (component != null) {
          component.close();
        }
      } catch (Exception e) {
        System.err.println("e2e: stopping " + component + " failed: " + e);
      }
    }
    operator = null;
    gate = null;
    moto = null;
    controlPlane = null;
  }

  @BeforeEach
  void freshNamespaceAndTable() {
    gate.pass();
    moto.reset();
    moto.createTable(TABLE);
    ns = "e2e-" + ++namespaces;
    controlPlane.createNamespace(ns);
  }

  /** No schedule may outlive its test and keep backing up into the next one's moto. */
  @AfterEach
  void deleteSchedules() {
    if (!operator.isAlive()) {
      operator.start();
    }
    schedules().inNamespace(ns).delete();
    await("schedules in " + ns + " gone (the finalizer let go); operator log " + operator.log())
        .atMost(Duration.ofSeconds(60))
        .until(() -> schedules().inNamespace(ns).list().getItems().isEmpty());
  }

  // ---- the test's side: what a user does and sees ----

  static KubernetesClient admin() {
    return controlPlane.admin();
  }

  static MixedOperation<
          DynamoDBBackupSchedule,
          KubernetesResourceList<DynamoDBBackupSchedule>,
          Resource<DynamoDBBackupSchedule>>
      schedules() {
    return admin().resources(DynamoDBBackupSchedule.class);
  }

  /**
   * Creates a schedule from YAML as a user would, untyped, so a value the Java classes could not
   * hold (e.g. deletionPolicy Maybe) still reaches the API server.
   */
  GenericKubernetesResource apply(String name, String specYaml) {
    String yaml =
        """
        apiVersion: ddbbackup.io/v1alpha1
        kind: DynamoDBBackupSchedule
        metadata:
          name: %s
          namespace: %s
        spec:
        %s"""
            .formatted(name, ns, specYaml.stripIndent().indent(2));
    GenericKubernetesResource resource =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return admin().resource(resource).create();
  }

  DynamoDBBackupSchedule schedule(String name) {
    return schedules().inNamespace(ns).withName(name).get();
  }

  /** Waits until the schedule satisfies the condition and returns it as it was then. */
  DynamoDBBackupSchedule awaitSchedule(
      String name, Duration atMost, String what, Predicate<DynamoDBBackupSchedule> condition) {
    List<DynamoDBBackupSchedule> seen = new ArrayList<>(1);
    await(ns + "/" + name + ": " + what + " (operator log " + operator.log() + ")")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              DynamoDBBackupSchedule current = schedule(name);
              if (current != null && condition.test(current)) {
                seen.add(current);
                return true;
              }
              return false;
            });
    return seen.get(0);
  }

  /** The default backup name prefix of a schedule: {@code <namespace>-<name>}. */
  String prefix(String name) {
    return ns + "-" + name;
  }

  /** Names of the table's backups in moto named exactly {@code <prefix>-<yyyyMMddTHHmmssZ>}. */
  List<String> backupsOf(String name) {
    Pattern owned = Pattern.compile(Pattern.quote(prefix(name)) + "-\\d{8}T\\d{6}Z");
    return moto.backupNames(TABLE).stream().filter(b -> owned.matcher(b).matches()).toList();
  }

  /** Sets the backup-now annotation as `kubectl annotate --overwrite` does: a merge patch. */
  void backupNow(String name, String value) {
    mergePatch(
        name,
        "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}"
            .formatted(DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, value));
  }

  /**
   * A JSON merge patch without resourceVersion, as kubectl sends: no conflict with status writes.
   */
  void mergePatch(String name, String json) {
    schedules().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /**
   * Runs the kubectl that install-tools built, as the admin; returns stdout, fails on exit != 0.
   */
  static String kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.kubectl().toString());
    command.add("--kubeconfig=" + controlPlane.adminKubeconfig());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish within 60s: " + command);
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl exited " + process.exitValue() + ": " + command + "\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
