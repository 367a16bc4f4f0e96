package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.TableCatalog;
import java.time.Duration;
import java.util.Map;

/**
 * The catalog a discovery reads through: its one DescribeTable (which tells the account the listing
 * is of) waits its turn in our rate-limit queue instead of failing the discovery. DescribeTable
 * waits for no permit on a reconcile thread (Quotas.longestWaitInAReconcile), so a schedule's check
 * that took the last permit a moment before would otherwise throw away the ListTables pages already
 * read, and the next reconcile would list them again. The wait is short: a permit is due within a
 * fraction of a second at DescribeTable's rate.
 */
final class PatientCatalog implements TableCatalog {

  /** How often a refused DescribeTable is tried again before the refusal stands. */
  static final int ATTEMPTS = 5;

  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

  private final TableCatalog delegate;

  PatientCatalog(TableCatalog delegate) {
    this.delegate = delegate;
  }

  @Override
  public Page listTables(TableTarget scope, String exclusiveStart) {
    return delegate.listTables(scope, exclusiveStart);
  }

  @Override
  public String tableArn(TableTarget scope, String tableName) {
    for (int attempt = 1; ; attempt++) {
      try {
        return delegate.tableArn(scope, tableName);
      } catch (BackupStoreException e) {
        if (e.failure() != Failure.QUEUED || attempt >= ATTEMPTS) {
          throw e;
        }
        pause(e.retryAfter());
      }
    }
  }

  @Override
  public Map<String, String> tags(TableTarget scope, String tableArn) {
    return delegate.tags(scope, tableArn);
  }

  @Override
  public TaggedPage taggedTables(TableTarget scope, String paginationToken) {
    return delegate.taggedTables(scope, paginationToken);
  }

  private static void pause(Duration retryAfter) {
    Duration pause =
        retryAfter == null || retryAfter.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : retryAfter;
    try {
      Thread.sleep(Math.max(1, pause.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a DescribeTable permit", e);
    }
  }
}
