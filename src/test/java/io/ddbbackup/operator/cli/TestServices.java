package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.backup.BackupStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/**
 * The commands' world in a unit test: a mock API server's client (namespace {@code -n}, else
 * "default"), a fixed clock, an in-memory backup store, no terminal.
 */
public final class TestServices implements Services {

  private final KubernetesClient client;
  private final Clock clock;
  private final BackupStore store;
  private final Map<String, String> env;
  private final boolean terminal;

  public TestServices(KubernetesClient client, Clock clock, BackupStore store) {
    this(client, clock, store, Map.of(), false);
  }

  public TestServices(
      KubernetesClient client,
      Clock clock,
      BackupStore store,
      Map<String, String> env,
      boolean terminal) {
    this.client = client;
    this.clock = clock;
    this.store = store;
    this.env = env;
    this.terminal = terminal;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cluster cluster(KubeOptions options) {
    return Cluster.borrowing(client, options.namespace() == null ? "default" : options.namespace());
  }

  @Override
  public BackupStore backups() {
    return store;
  }

  @Override
  public Map<String, String> env() {
    return env;
  }

  @Override
  public boolean stdoutIsTerminal() {
    return terminal;
  }

  /** What one command line printed and returned. */
  public record Run(int exitCode, String out, String err) {}

  public Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubectlDdb.run(this, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
