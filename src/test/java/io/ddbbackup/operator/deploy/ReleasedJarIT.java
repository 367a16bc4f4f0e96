package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The crash hook the crash-safety tests use (it halts the JVM at a named point of a reconcile) and
 * the slow exit the leader handover test uses (the JVM lingers after System.exit) are test code: a
 * stray {@code DDBBACKUP_CRASH_AT} in a pod's environment (the chart's extraEnv can set any
 * variable) must do nothing, not crash-loop the pod with exit 137. Every jar the build leaves in
 * target/ is read entry by entry, the shaded one that is released included.
 */
class ReleasedJarIT {

  /** What the hooks are made of: the variables that arm them, their launchers, what they print. */
  private static final List<String> HOOK_TRACES =
      List.of(
          "DDBBACKUP_CRASH",
          "CrashingOperator",
          "crash hook: halting",
          "DDBBACKUP_TEST_",
          "SlowExitOperator",
          "ClockedOperator",
          "slow exit: the JVM");

  @Test
  void theReleasedJarHasNoCrashHookNorTheVariableThatArmsIt() throws IOException {
    List<Path> jars = jars();
    assertThat(jars).as("jars in target/").contains(Tools.operatorJar());
    Map<String, Integer> ownClasses = new TreeMap<>();
    List<String> traces = new ArrayList<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry entry : file.stream().toList()) {
          byte[] bytes = read(file, entry);
          traces.addAll(tracesIn(jar.getFileName() + "!" + entry.getName(), bytes));
          if (entry.getName().startsWith("io/ddbbackup/") && entry.getName().endsWith(".class")) {
            ownClasses.merge(jar.getFileName().toString(), 1, Integer::sum);
          }
        }
      }
    }
    assertThat(ownClasses.get(Tools.operatorJar().getFileName().toString()))
        .as("the operator's own classes in the released jar")
        .isGreaterThan(50);
    assertThat(traces).as("traces of the crash hook in the jars").isEmpty();
  }

  @Test
  void theSearchFindsTheHookWhereItIsInTheTestClasses() throws IOException {
    // the same search over the compiled tests must find the hook, or it could find nothing anywhere
    Path launcher = Tools.testClasses().resolve("io/ddbbackup/operator/app/CrashingOperator.class");
    List<String> traces = tracesIn(launcher.toString(), Files.readAllBytes(launcher));
    assertThat(traces)
        .anyMatch(t -> t.contains("DDBBACKUP_CRASH"))
        .anyMatch(t -> t.contains("Runtime.halt"));
    Path slowExit = Tools.testClasses().resolve("io/ddbbackup/operator/app/SlowExitOperator.class");
    assertThat(tracesIn(slowExit.toString(), Files.readAllBytes(slowExit)))
        .anyMatch(t -> t.contains("DDBBACKUP_TEST_"))
        .anyMatch(t -> t.contains("slow exit: the JVM"));
  }

  private static List<String> tracesIn(String where, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    for (String trace : HOOK_TRACES) {
      if (text.contains(trace)) {
        found.add(where + " contains " + trace);
      }
    }
    // a class of ours that can halt the JVM: Runtime and the name halt in one constant pool
    boolean ours = where.contains("io/ddbbackup/") && where.endsWith(".class");
    if (ours && text.contains("java/lang/Runtime") && text.contains("\u0001\u0000\u0004halt")) {
      found.add(where + " calls Runtime.halt");
    }
    return found;
  }

  private static List<Path> jars() throws IOException {
    try (Stream<Path> files = Files.list(Tools.projectRoot().resolve("target"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static byte[] read(JarFile file, JarEntry entry) {
    try (InputStream in = file.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
