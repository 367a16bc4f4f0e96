package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl ddb status -A} wall time over {@code n} schedules on a real kube-apiserver, run
 * the way users run it (the launcher, a new JVM each time), against the same command without the
 * launcher's start-up flags, and the JVM's own share: {@code --version} (JVM + picocli, no cluster)
 * and {@code java -version}.
 */
final class CliStartup {

  private static final int RUNS = 10;

  private CliStartup() {}

  static void run(ControlPlane plane, Report r, int n) throws Exception {
    Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
    Path jar = root.resolve("target/dynamodb-backup-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: mvn -DskipTests package");
    }
    String launcher = root.resolve("scripts/kubectl-ddb").toString();
    Path cache = Files.createDirectories(root.resolve("target/bench/cli-cache"));
    try (var files = Files.list(cache)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    int namespaces = Math.max(1, n / 25);
    for (int ns = 0; ns < namespaces; ns++) {
      plane.createNamespace("cli-" + ns);
    }
    Instant now = Instant.now();
    for (int i = 0; i < n; i++) {
      put(plane, "cli-" + (i % namespaces), "s-" + i, i, now);
    }
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", plane.adminKubeconfig().toString());
    env.put("XDG_CACHE_HOME", cache.getParent().resolve("cli-xdg").toString());
    env.put("KUBECTL_DDB_JAR", jar.toString());
    r.line("kubectl ddb status -A over %d schedules in %d namespaces, %d runs each, median", n, namespaces, RUNS);

    List<String> status = List.of(launcher, "status", "-A");
    long first = time(status, env, true);
    r.line("  launcher, first run (records the CDS archive)   %5d ms", first);
    r.line("  launcher (C1, serial GC, CDS archive)           %5d ms", median(status, env));
    Map<String, String> noCds = new HashMap<>(env);
    noCds.put("KUBECTL_DDB_CDS", "off");
    r.line("  launcher, KUBECTL_DDB_CDS=off                   %5d ms", median(status, noCds));
    List<String> plain =
        List.of("java", "-Dlogback.configurationFile=logback-cli.xml", "-cp", jar.toString(),
            "io.ddbbackup.operator.cli.KubectlDdb", "status", "-A");
    r.line("  plain java -cp (no start-up flags)              %5d ms", median(plain, env));
    r.line("  launcher --version (JVM + picocli, no cluster)  %5d ms", median(List.of(launcher, "--version"), env));
    r.line("  java -Xshare:auto -XX:TieredStopAtLevel=1 -version %2d ms",
        median(List.of("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-version"), env));
  }

  private static void put(ControlPlane plane, String ns, String name, int i, Instant now) {
    var s = new DynamoDBBackupSchedule();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    var spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName("table-" + i);
    spec.setSchedule("0 3 * * *");
    s.setSpec(spec);
    var created = plane.admin().resource(s).create();
    var st = new DynamoDBBackupScheduleStatus();
    boolean failing = i % 10 == 0;
    st.setConditions(
        new ArrayList<>(
            List.of(
                new ConditionBuilder()
                    .withType("Ready")
                    .withStatus(failing ? "False" : "True")
                    .withReason(failing ? "AccessDenied" : "Scheduled")
                    .withMessage("bench")
                    .withLastTransitionTime(now.toString())
                    .withObservedGeneration(1L)
                    .build())));
    st.setLastSuccessfulTime(now.minusSeconds(3600L * (i % 24)).toString());
    st.setNextScheduleTime(now.plusSeconds(3600).toString());
    st.setBackupCount(7);
    created.setStatus(st);
    plane.admin().resource(created).updateStatus();
  }

  private static long median(List<String> command, Map<String, String> env) throws Exception {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      times.add(time(command, env, false));
    }
    times.sort(null);
    return times.get(RUNS / 2);
  }

  private static long time(List<String> command, Map<String, String> env, boolean check)
      throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    b.redirectError(ProcessBuilder.Redirect.DISCARD);
    b.environment().putAll(env);
    long start = System.nanoTime();
    Process p = b.start();
    int code = p.waitFor();
    long ms = (System.nanoTime() - start) / 1_000_000;
    // status exits 3 here: a tenth of the fleet is failing on purpose
    if (check && code != 3) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code);
    }
    return ms;
  }
}
