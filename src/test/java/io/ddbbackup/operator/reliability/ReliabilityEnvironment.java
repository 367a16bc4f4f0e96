package io.ddbbackup.operator.reliability;

import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.e2e.ControlPlane;
import io.ddbbackup.operator.e2e.Moto;
import io.ddbbackup.operator.e2e.OperatorProcess;
import io.ddbbackup.operator.e2e.Tools;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the reliability tests: the e2e harness's real control plane and moto, one per class, and
 * operator processes the test configures itself (crash points, a fault proxy, leader election, a
 * tenancy policy). Every assertion about backups reads moto, never only status.
 */
abstract class ReliabilityEnvironment {

  static final String TABLE = "orders";

  static ControlPlane controlPlane;
  static Moto moto;
  static Path workDir;
  private static final List<AutoCloseable> closeLast = new ArrayList<>();
  private static int namespaces;

  @BeforeAll
  static void startComponents(TestInfo info) {
    workDir = Tools.workDir(info.getTestClass().orElseThrow().getSimpleName());
    controlPlane = new ControlPlane(workDir).start();
    moto = new Moto(workDir).start();
    moto.reset();
    moto.createTable(TABLE);
  }

  @AfterAll
  static void stopComponents() {
    List<AutoCloseable> all = new ArrayList<>(closeLast);
    all.add(moto);
    all.add(controlPlane);
    for (AutoCloseable component : all) {
      try {
        if (component != null) {
          component.close();
        }
      } catch (Exception e) {
        System.err.println("reliability: stopping " + component + " failed: " + e);
      }
    }
    closeLast.clear();
    moto = null;
    controlPlane = null;
  }

  /** An operator process whose log is {@code <name>.log}; stopped after the class. */
  static OperatorProcess newOperator(String name) {
    OperatorProcess operator = new OperatorProcess(controlPlane, moto.endpoint(), workDir, name);
    try {
      // the log is appended to across starts; what an earlier run wrote must not count
      java.nio.file.Files.deleteIfExists(operator.log());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    closeLast.add(0, operator);
    return operator;
  }

  /** Registers something (a proxy) to be closed after the class, before moto. */
  static <T extends AutoCloseable> T closeAfterClass(T resource) {
    closeLast.add(resource);
    return resource;
  }

  static String newNamespace() {
    String ns = "rel-" + ++namespaces;
    controlPlane.createNamespace(ns);
    return ns;
  }

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

  /** Creates a schedule from YAML, untyped, so values the Java classes cannot hold get through. */
  static GenericKubernetesResource apply(String ns, String name, String specYaml) {
    return admin().resource(resource(ns, name, specYaml)).create();
  }

  static GenericKubernetesResource resource(String ns, String name, String specYaml) {
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
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  static DynamoDBBackupSchedule schedule(String ns, String name) {
    return schedules().inNamespace(ns).withName(name).get();
  }

  /** Backup names in moto named exactly {@code <ns>-<name>-<yyyyMMddTHHmmssZ>}, sorted. */
  static List<String> backupsOf(String ns, String name) {
    return backupsOf(ns + "-" + name);
  }

  static List<String> backupsOf(String prefix) {
    Pattern owned = Pattern.compile(Pattern.quote(prefix) + "-\\d{8}T\\d{6}Z");
    return moto.backupNames(TABLE).stream().filter(b -> owned.matcher(b).matches()).toList();
  }

  /** Backup names of this namespace's schedules that occur more than once in moto. */
  static Map<String, Long> duplicates(String ns) {
    return moto.backupNames(TABLE).stream()
        .filter(n -> n.startsWith(ns + "-"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** As `kubectl annotate --overwrite`: a merge patch without resourceVersion. */
  static void backupNow(String ns, String name, String value) {
    schedules()
        .inNamespace(ns)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"%s\":%s}}}"
                .formatted(
                    DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, Serialization.asJson(value)));
  }

  static List<Event> events(String ns, String name) {
    return admin().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static DynamoDBBackupSchedule awaitSchedule(
      String ns,
      String name,
      Duration atMost,
      String what,
      java.util.function.Predicate<DynamoDBBackupSchedule> condition) {
    List<DynamoDBBackupSchedule> seen = new ArrayList<>(1);
    await(ns + "/" + name + ": " + what + " (logs in " + workDir + ")")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              DynamoDBBackupSchedule current = schedule(ns, name);
              if (current != null && condition.test(current)) {
                seen.add(current);
                return true;
              }
              return false;
            });
    return seen.get(0);
  }

  /** Deletes the namespace's schedules and waits until the finalizer let go. */
  static void deleteSchedules(String ns) {
    schedules().inNamespace(ns).delete();
    await("schedules in " + ns + " gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> schedules().inNamespace(ns).list().getItems().isEmpty());
  }
}
