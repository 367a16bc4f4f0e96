package io.ddbbackup.operator.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The replay of one incremental export into a restore's table: what the operator asks of a
 * Kubernetes Job ({@link ReplayJobs}), and the command line its pods run ({@link #args()}: the
 * {@code replay} command of the operator's own jar reads exactly these options). The export's data
 * files are spread over {@code shards} indexed pods: file {@code i} of its {@code
 * manifest-files.json} belongs to shard {@code i % shards}, and a pod's shard is its
 * JOB_COMPLETION_INDEX.
 *
 * @param jobName the Job's name ({@link #jobName(String, String, int)})
 * @param restoreNamespace the restore resource's namespace
 * @param restoreName the restore resource's name
 * @param restoreUid the restore resource's uid: the replay writes only to a table tagged with it
 * @param sequence the export's place among those this restore applies, from 1
 * @param bucket the export's bucket
 * @param bucketOwner the bucket's account when it is not the writer's, else null
 * @param manifestKey the key of the export's {@code manifest-files.json}
 * @param table the restore's target table, the only one written
 * @param region the target table's region
 * @param roleArn a role the pods assume to write the table and read the bucket, else null (the
 *     service account's own)
 * @param shards the Job's completions and parallelism
 * @param maxWritesPerSecond a ceiling on each pod's item writes per second, else null (only the
 *     table's own throttling bounds them)
 */
public record ReplayRequest(
    String jobName,
    String restoreNamespace,
    String restoreName,
    String restoreUid,
    int sequence,
    String bucket,
    String bucketOwner,
    String manifestKey,
    String table,
    String region,
    String roleArn,
    int shards,
    Integer maxWritesPerSecond) {

  /** The command of the operator's jar (and image) that replays one shard. */
  public static final String COMMAND = "replay";

  /**
   * The longest Job name: an Indexed Job's pods take {@code <job name>-<index>} as their hostname,
   * a DNS label of at most 63 characters, and the API server refuses a Job whose last index would
   * not fit. With at most 64 shards an index has two digits: 63 − 3.
   */
  static final int NAME_LIMIT = 60;

  public ReplayRequest {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(restoreUid, "restoreUid");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(manifestKey, "manifestKey");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(region, "region");
    if (sequence < 1 || shards < 1) {
      throw new IllegalArgumentException("sequence and shards start at 1");
    }
  }

  /**
   * The Job's name for the {@code sequence}-th export of a restore: {@code ddb-replay-<name>-<uid's
   * first 8>-<sequence>}, the name cut so the whole is at most 60 characters. Deterministic, so
   * that an operator that restarts finds the Job it made.
   */
  public static String jobName(String restoreName, String restoreUid, int sequence) {
    String tail = "-" + restoreUid.replace("-", "").substring(0, 8) + "-" + sequence;
    String head = "ddb-replay-" + restoreName.toLowerCase(Locale.ROOT);
    if (head.length() + tail.length() > NAME_LIMIT) {
      head = head.substring(0, NAME_LIMIT - tail.length());
    }
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + tail;
  }

  /** The pods' arguments after the image's entry point: {@code replay --bucket=… …}. */
  public List<String> args() {
    List<String> args = new ArrayList<>();
    args.add(COMMAND);
    args.add("--bucket=" + bucket);
    if (bucketOwner != null) {
      args.add("--bucket-owner=" + bucketOwner);
    }
    args.add("--manifest=" + manifestKey);
    args.add("--table=" + table);
    args.add("--region=" + region);
    args.add("--owner-uid=" + restoreUid);
    if (roleArn != null) {
      args.add("--role-arn=" + roleArn);
    }
    args.add("--shards=" + shards);
    if (maxWritesPerSecond != null) {
      args.add("--max-writes-per-second=" + maxWritesPerSecond);
    }
    return List.copyOf(args);
  }
}
