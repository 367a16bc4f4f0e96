package io.ddbbackup.operator.app;

import io.ddbbackup.operator.aws.DynamoDb;
import io.ddbbackup.operator.aws.StoreSettings;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.replay.Backoff;
import io.ddbbackup.operator.replay.Replay;
import io.ddbbackup.operator.replay.ReplayFailure;
import io.ddbbackup.operator.replay.ReplaySource;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dynamodb-backup-operator.jar replay …}: one shard of one incremental export
 * written into a restore's table, as a replay Job's pod runs it ({@link ReplayRequest#args()} is
 * its command line). {@link #run(List, Map)} is the one entry point: {@code Main} calls it, and so
 * do the tests that stand in for a Job's pods. Exit codes: 0 done, 1 failed and worth running
 * again, 2 refused for good (bad arguments, a table that is not the restore's, no manifest).
 */
@Command(
    name = ReplayRequest.COMMAND,
    description = "Replays one shard of an incremental DynamoDB export into a restore's table.",
    sortOptions = false)
public final class ReplayCommand {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  @Option(names = "--bucket", required = true, description = "the export's bucket")
  String bucket;

  @Option(names = "--bucket-owner", description = "the bucket's account, when not the writer's")
  String bucketOwner;

  @Option(
      names = "--manifest",
      required = true,
      description = "the key of the incremental export's manifest-files.json")
  String manifest;

  @Option(
      names = "--table",
      required = true,
      description = "the restore's table, the only one written")
  String table;

  @Option(names = "--region", required = true, description = "the table's region")
  String region;

  @Option(
      names = "--owner-uid",
      required = true,
      description = "the restore's uid: the table must carry the tag ddbbackup.io/restore-uid=UID")
  String ownerUid;

  @Option(names = "--role-arn", description = "a role to assume for the table and the bucket")
  String roleArn;

  @Option(
      names = "--shards",
      required = true,
      description = "how many shards the files are spread over")
  int shards;

  @Option(names = "--shard", description = "this shard, 0-based (default: $JOB_COMPLETION_INDEX)")
  Integer shard;

  @Option(
      names = "--max-writes-per-second",
      description = "a ceiling on this pod's item writes per second (default: none)")
  Integer maxWritesPerSecond;

  @Option(names = "--help", usageHelp = true, description = "print this and exit")
  boolean help;

  private ReplayCommand() {}

  /**
   * Runs the command with the process's output; the exit code is returned, not exited with. {@code
   * args} is {@link ReplayRequest#args()} as it is (starting with {@code replay}) or without its
   * first word.
   */
  public static int run(List<String> args, Map<String, String> env) {
    return run(args, env, System.out, System.err);
  }

  /** Runs the command; {@code env} gives JOB_COMPLETION_INDEX when --shard is not given. */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> options0 =
        !args.isEmpty() && args.get(0).equals(ReplayRequest.COMMAND)
            ? args.subList(1, args.size())
            : args;
    ReplayCommand options = new ReplayCommand();
    CommandLine line = new CommandLine(options);
    try {
      line.parseArgs(options0.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      err.println("replay: " + e.getMessage());
      line.usage(new PrintWriter(err, true));
      return 2;
    }
    if (line.isUsageHelpRequested()) {
      line.usage(new PrintWriter(out, true));
      out.println("Exit codes: 0 done, 1 failed and worth running again, 2 refused for good.");
      return 0;
    }
    String invalid = options.invalid(env);
    if (invalid != null) {
      err.println("replay: " + invalid);
      return 2;
    }
    return options.replay(out, err);
  }

  /** What is wrong with the options, naming the option and the fix; null when nothing is. */
  private String invalid(Map<String, String> env) {
    if (shard == null) {
      String index = env.get("JOB_COMPLETION_INDEX");
      if (index == null || index.isBlank()) {
        return "--shard is missing and JOB_COMPLETION_INDEX is not set: give --shard=K (0-based)"
            + " or run it in an indexed Job";
      }
      try {
        shard = Integer.valueOf(index.trim());
      } catch (NumberFormatException e) {
        return "JOB_COMPLETION_INDEX is " + index + ", not a number: give --shard=K";
      }
    }
    if (shards < 1) {
      return "--shards must be at least 1, not " + shards;
    }
    if (shard < 0 || shard >= shards) {
      return "--shard (or JOB_COMPLETION_INDEX) is " + shard + "; it must be in 0.." + (shards - 1);
    }
    if (maxWritesPerSecond != null && maxWritesPerSecond < 1) {
      return "--max-writes-per-second must be at least 1 (leave it out for no ceiling)";
    }
    if (bucketOwner != null && !ACCOUNT.matcher(bucketOwner).matches()) {
      return "--bucket-owner must be a 12-digit account id, not " + bucketOwner;
    }
    if (roleArn != null && !ROLE.matcher(roleArn).matches()) {
      return "--role-arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)";
    }
    if (!REGION.matcher(region).matches()) {
      return "--region must be an AWS region such as eu-west-1, not " + region;
    }
    if (table.isBlank() || bucket.isBlank() || manifest.isBlank() || ownerUid.isBlank()) {
      return "--table, --bucket, --manifest and --owner-uid must not be empty";
    }
    if (!manifest.endsWith("manifest-files.json")) {
      return "--manifest must be the key of an export's manifest-files.json, not " + manifest;
    }
    return null;
  }

  private int replay(PrintStream out, PrintStream err) {
    long started = System.nanoTime();
    TableTarget target = new TableTarget(table, region, roleArn);
    Replay.Plan plan =
        new Replay.Plan(
            manifest,
            table,
            TargetOwnership.OWNER_TAG,
            ownerUid,
            shard,
            shards,
            maxWritesPerSecond);
    Replay.Time time =
        new Replay.Time(
            System::nanoTime,
            TimeUnit.NANOSECONDS::sleep,
            () -> ThreadLocalRandom.current().nextDouble());
    String what = "shard " + shard + "/" + shards + " of " + manifest + " into " + table;
    try (DynamoDb aws = DynamoDb.connect(StoreSettings.defaults().withDefaultRegion(region));
        ReplaySource source = aws.replaySource(target, bucket, bucketOwner)) {
      Replay replay =
          new Replay(source, aws.replayTable(target), Backoff.defaults(), time, out::println);
      Replay.Summary done = replay.run(plan);
      double seconds = (System.nanoTime() - started) / 1e9;
      out.println(
          String.format(
              Locale.ROOT,
              "replay done: %s: %d files, %d items put, %d items deleted, %.1f s, %.0f writes/s",
              what,
              done.files(),
              done.puts(),
              done.deletes(),
              seconds,
              seconds > 0 ? done.writes() / seconds : 0.0));
      return 0;
    } catch (ReplayFailure e) {
      err.println(
          "replay failed ("
              + e.kind()
              + ", exit "
              + e.exitCode()
              + "): "
              + what
              + ": "
              + e.getMessage());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("replay interrupted: " + what);
      return 1;
    } catch (RuntimeException e) {
      // a bug or an SDK surprise: worth a retry, and its class says where to look
      err.println("replay failed (exit 1): " + what + ": " + e.getClass().getName());
      return 1;
    }
  }
}
