package io.ddbbackup.operator.testing;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test cluster every suite that runs against real components shares: a real kube-apiserver and
 * etcd ({@link ControlPlane}), optionally moto with table {@value #TABLE} ({@link Moto}), and the
 * operator processes and proxies a test starts through it, all closed after the class (operators
 * first, so none sees the API server or moto vanish under it). Register it once per class:
 *
 * <pre>{@code @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();}</pre>
 *
 * <p>Scratch files (kubeconfigs, token, logs) are in {@code target/e2e/<TestClass>/}. What a user
 * does and sees (apply YAML, annotate, read status and Events, list backups in moto) is done here
 * as kubectl would do it; every assertion about backups reads moto, never only status.
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {

  /** The table moto holds from the start (and again after {@link #resetMoto()}). */
  public static final String TABLE = "orders";

  private static final String API_VERSION = "ddbbackup.io/v1alpha1";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final boolean project;
  private final boolean withMoto;
  private ControlPlane controlPlane;
  private Moto moto;
  private Path workDir;
  private final List<OperatorProcess> operators = new ArrayList<>();
  private final List<AutoCloseable> closeAfterOperators = new ArrayList<>();
  private int namespaces;

  private TestCluster(boolean project, boolean withMoto) {
    this.project = project;
    this.withMoto = withMoto;
  }

  /** The control plane with the project's CRDs and RBAC installed, and moto beside it. */
  public static TestCluster withMoto() {
    return new TestCluster(true, true);
  }

  /** Only kube-apiserver and etcd, nothing installed: the test installs the project itself. */
  public static TestCluster emptyApiServer() {
    return new TestCluster(false, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context.getRequiredTestClass().getSimpleName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the components, a missing tool failing loudly; scratch files go to target/e2e/name. */
  public TestCluster start(String name) {
    workDir = Tools.workDir(name);
    controlPlane = new ControlPlane(workDir);
    if (project) {
      controlPlane.start();
    } else {
      controlPlane.startEmpty();
    }
    if (withMoto) {
      moto = new Moto(workDir).start();
      moto.createTable(TABLE);
    }
    return this;
  }

  public void close() {
    List<AutoCloseable> all = new ArrayList<>(operators);
    all.addAll(closeAfterOperators);
    all.add(moto);
    all.add(controlPlane);
    for (AutoCloseable component : all) {
      try {
        if (component != null) {
          component.close();
        }
      } catch (Exception e) {
        System.err.println("test cluster: stopping " + component + " failed: " + e);
      }
    }
    operators.clear();
    closeAfterOperators.clear();
    moto = null;
    controlPlane = null;
  }

  // ---- the components ----

  /** kube-apiserver and etcd; restart the API server or read kubeconfigs through it. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /** The AWS emulator, the judge of every backup assertion; null for {@link #emptyApiServer()}. */
  public Moto moto() {
    return moto;
  }

  /** target/e2e/TestClass: kubeconfigs, the web identity token and every log. */
  public Path workDir() {
    return workDir;
  }

  /** A client acting as cluster-admin: the test's side, never the operator's. */
  public KubernetesClient admin() {
    return controlPlane.admin();
  }

  /** An operator process talking to moto directly; log {@code <name>.log}. Not started yet. */
  public OperatorProcess newOperator(String name) {
    return newOperator(name, moto.endpoint());
  }

  /** An operator process whose AWS endpoint is {@code awsEndpoint} (a proxy in front of moto). */
  public OperatorProcess newOperator(String name, String awsEndpoint) {
    OperatorProcess operator = new OperatorProcess(controlPlane, awsEndpoint, workDir, name);
    for (OperatorProcess other : operators) {
      if (other.isAlive() && other.log().equals(operator.log())) {
        // a second process would act on the same schedules unseen: its log replaces the first's
        throw new IllegalStateException(
            "an operator named "
                + name
                + " already runs in this class; stop it first, or give the new one another name");
      }
    }
    try {
      // the log is appended to across starts; what an earlier run wrote must not count
      Files.deleteIfExists(operator.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    operators.add(0, operator);
    return operator;
  }

  /**
   * A {@link FaultProxy} in front of moto named {@code name} (the identity of the process behind it
   * in its records), closed after the operators.
   */
  public FaultProxy faultProxy(String name) {
    return closeAfterClass(new FaultProxy(name, moto.endpoint()));
  }

  /** An operator process whose AWS calls all go through {@code proxy}. Not started yet. */
  public OperatorProcess newOperator(String name, FaultProxy proxy) {
    return newOperator(name, proxy.endpoint());
  }

  /**
   * Who holds the Lease {@code namespace/name} over time, watched from now until the class ends.
   */
  public LeaseHistory leaseHistory(String namespace, String name) {
    return closeAfterClass(new LeaseHistory(admin(), namespace, name));
  }

  /** Registers something (a proxy in front of moto) to be closed after the operators. */
  public <T extends AutoCloseable> T closeAfterClass(T resource) {
    closeAfterOperators.add(resource);
    return resource;
  }

  /** Wipes moto and creates {@value #TABLE} again: no backup of an earlier test is left. */
  public void resetMoto() {
    moto.reset();
    moto.createTable(TABLE);
  }

  /** A namespace {@code <prefix>-<n>} not used before in this cluster. */
  public String newNamespace(String prefix) {
    String ns = prefix + "-" + ++namespaces;
    controlPlane.createNamespace(ns);
    return ns;
  }

  /** Runs kubectl as the admin; returns what it printed, fails the test on a non-zero exit. */
  public String kubectl(String... args) {
    return Cli.run(controlPlane.kubectl(args)).ok().out();
  }

  // ---- resources as a user writes them ----

  /**
   * A resource of this project's API group from YAML, untyped, so a value the Java classes could
   * not hold (e.g. deletionPolicy Maybe) still reaches the API server.
   */
  public static GenericKubernetesResource resource(
      String kind, String ns, String name, String specYaml) {
    String yaml =
        """
        apiVersion: %s
        kind: %s
        metadata:
          name: %s
          namespace: %s
        spec:
        %s"""
            .formatted(API_VERSION, kind, name, ns, specYaml.stripIndent().indent(2));
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** A DynamoDBBackupSchedule from YAML; see {@link #resource(String, String, String, String)}. */
  public static GenericKubernetesResource resource(String ns, String name, String specYaml) {
    return resource("DynamoDBBackupSchedule", ns, name, specYaml);
  }

  /** Creates a schedule from YAML as a user would. */
  public GenericKubernetesResource apply(String ns, String name, String specYaml) {
    return admin().resource(resource(ns, name, specYaml)).create();
  }

  public MixedOperation<
          DynamoDBBackupSchedule,
          KubernetesResourceList<DynamoDBBackupSchedule>,
          Resource<DynamoDBBackupSchedule>>
      schedules() {
    return admin().resources(DynamoDBBackupSchedule.class);
  }

  public DynamoDBBackupSchedule schedule(String ns, String name) {
    return schedules().inNamespace(ns).withName(name).get();
  }

  /**
   * Waits until the schedule has a status that satisfies the condition and returns it as it was
   * then. A schedule the operator has not written a status to yet is waited for, not a failure.
   */
  public DynamoDBBackupSchedule awaitSchedule(
      String ns,
      String name,
      Duration atMost,
      String what,
      Predicate<DynamoDBBackupSchedule> condition) {
    return awaitResource(
        DynamoDBBackupSchedule.class,
        ns,
        name,
        atMost,
        what,
        s -> s.getStatus() != null && condition.test(s));
  }

  /** Waits until the resource exists and satisfies the condition; returns it as it was then. */
  public <T extends HasMetadata> T awaitResource(
      Class<T> type, String ns, String name, Duration atMost, String what, Predicate<T> condition) {
    List<T> seen = new ArrayList<>(1);
    Awaitility.await(ns + "/" + name + ": " + what + " (logs in " + workDir + ")")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              T current = admin().resources(type).inNamespace(ns).withName(name).get();
              if (current != null && condition.test(current)) {
                seen.add(current);
                return true;
              }
              return false;
            });
    return seen.get(0);
  }

  /** Sets the backup-now annotation as `kubectl annotate --overwrite` does: a merge patch. */
  public void backupNow(String ns, String name, String value) {
    mergePatch(
        ns,
        name,
        "{\"metadata\":{\"annotations\":{\"%s\":%s}}}"
            .formatted(DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, Serialization.asJson(value)));
  }

  /**
   * A JSON merge patch without resourceVersion, as kubectl sends: no conflict with status writes.
   */
  public void mergePatch(String ns, String name, String json) {
    schedules().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** The Events about one object, as `kubectl describe` lists them. */
  public List<Event> events(String ns, String name) {
    return admin().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Deletes the namespace's schedules and waits until the finalizer let go. */
  public void deleteSchedules(String ns) {
    schedules().inNamespace(ns).delete();
    Awaitility.await("schedules in " + ns + " gone (logs in " + workDir + ")")
        .atMost(Duration.ofSeconds(60))
        .until(() -> schedules().inNamespace(ns).list().getItems().isEmpty());
  }

  // ---- backups, as moto holds them ----

  /**
   * The default backup name prefix of a schedule, {@code <namespace>_<name>}, written out here as
   * docs/reference.md states it rather than asked of the operator's code.
   */
  public static String backupPrefix(String ns, String name) {
    return ns + "_" + name;
  }

  /** The name a schedule's backup of {@code slot} must have: {@code <prefix>-<slot in UTC>}. */
  public static String backupName(String ns, String name, Instant slot) {
    return backupPrefix(ns, name) + "-" + STAMP.format(slot);
  }

  /** Names of {@value #TABLE}'s backups named exactly {@code <ns>_<name>-<yyyyMMddTHHmmssZ>}. */
  public List<String> backupsOf(String ns, String name) {
    Pattern owned = Pattern.compile(Pattern.quote(backupPrefix(ns, name)) + "-\\d{8}T\\d{6}Z");
    return moto.backupNames(TABLE).stream().filter(b -> owned.matcher(b).matches()).toList();
  }

  /** Backup names of this namespace's schedules that occur more than once in moto. */
  public Map<String, Long> duplicates(String ns) {
    return moto.backupNames(TABLE).stream()
        .filter(n -> n.startsWith(ns + "_"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
