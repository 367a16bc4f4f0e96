package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.aws.DynamoDb;
import io.ddbbackup.operator.aws.StoreSettings;
import io.ddbbackup.operator.backup.BackupStore;
import java.io.Console;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands reach outside themselves: the clock (read once per command, passed down), the
 * cluster, DynamoDB's backup listing (read-only, the operator's own adapter and credential chain)
 * and the terminal. Tests give an implementation over a mock API server and an in-memory store.
 */
public interface Services {

  Clock clock();

  Cluster cluster(KubeOptions options);

  /** The operator's BackupStore over the AWS SDK's default credential chain, as the pod has. */
  BackupStore backups();

  Map<String, String> env();

  boolean stdoutIsTerminal();

  /** The real world: kubeconfig, the AWS default chain, the system clock and the console. */
  static Services real() {
    return new Services() {
      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public Cluster cluster(KubeOptions options) {
        return Cluster.connect(options);
      }

      @Override
      public BackupStore backups() {
        return DynamoDb.connect(StoreSettings.defaults()).backups();
      }

      @Override
      public Map<String, String> env() {
        return System.getenv();
      }

      @Override
      public boolean stdoutIsTerminal() {
        Console console = System.console();
        return console != null;
      }
    };
  }
}
