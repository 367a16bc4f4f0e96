package io.ddbbackup.operator.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's settings: flags win over environment variables, which win over defaults.
 *
 * @param namespaces namespaces to watch; empty = all
 * @param replayImage the image of the replay Jobs (the operator's own), null when not given
 * @param replayNamespace the replay Jobs' namespace, null for the operator's own
 */
public record OperatorConfig(
    Set<String> namespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String httpHost,
    int httpPort,
    Duration overdueGrace,
    Duration pitrCheckInterval,
    String tenancyPolicyFile,
    String tenancyPolicySource,
    Duration inventoryFullListingPeriod,
    String replayImage,
    String replayImagePullPolicy,
    String replayServiceAccount,
    String replayNamespace,
    String replayCpu,
    String replayMemory,
    boolean help) {

  static final String USAGE =
      """
      Usage: java -jar dynamodb-backup-operator.jar [options]

      Schedules Amazon DynamoDB on-demand backups from DynamoDBBackupSchedule resources.

      Options (each also settable by the environment variable in brackets):
        --namespaces=a,b        namespaces to watch; empty or unset = all    [WATCH_NAMESPACES]
        --leader-election=BOOL  elect a leader through a Lease (default true) [LEADER_ELECTION]
        --no-leader-election    same as --leader-election=false
        --lease-name=NAME       Lease name (default dynamodb-backup-operator) [LEASE_NAME]
        --lease-namespace=NS    Lease namespace (default: the pod's namespace) [LEASE_NAMESPACE, POD_NAMESPACE]
        --http-port=PORT        port of /metrics, /healthz and /readyz (default 8080; 0 = off) [HTTP_PORT]
        --http-host=ADDRESS     address the port binds (default 0.0.0.0; 127.0.0.1 for local runs) [HTTP_HOST]
        --overdue-grace-seconds=N  a slot without an AVAILABLE backup N seconds after its time
                                makes ddbbackup_schedule_overdue 1 (default 1800) [OVERDUE_GRACE_SECONDS]
        --pitr-check-seconds=N  how often a schedule's spec.pointInTimeRecovery is checked for
                                drift: one DescribeContinuousBackups per schedule (default 900,
                                at least 10) [PITR_CHECK_SECONDS]

        --inventory-full-listing-hours=N  list every backup of each account and region again
                                every N hours (default 168, a week): how late a backup deleted
                                outside the operator leaves backupCount [INVENTORY_FULL_LISTING_HOURS]

        --tenancy-policy=FILE   YAML saying which namespaces may back up which tables and
                                assume which roles (docs/security.md); unset = allow all [TENANCY_POLICY_FILE]
        --tenancy-policy-source=TEXT  where that file comes from (e.g. a ConfigMap), named with
                                it in every NotPermitted message [TENANCY_POLICY_SOURCE]

        --replay-image=IMAGE    the image of the Jobs that replay incremental exports into a
                                restore's table: the operator's own (the chart sets it); a
                                restore from exports fails without it [REPLAY_IMAGE]
        --replay-image-pull-policy=P  Always, IfNotPresent (default) or Never [REPLAY_IMAGE_PULL_POLICY]
        --replay-service-account=NAME  the replay pods' ServiceAccount, whose IAM role writes the
                                restored table (default dynamodb-backup-operator-replay) [REPLAY_SERVICE_ACCOUNT]
        --replay-namespace=NS   where the replay Jobs run (default: the pod's namespace)
                                [REPLAY_NAMESPACE, POD_NAMESPACE]
        --replay-cpu=QUANTITY   each replay pod's CPU request (default 250m) [REPLAY_CPU]
        --replay-memory=QUANTITY  each replay pod's memory request and limit (default 512Mi) [REPLAY_MEMORY]

      Logs: LOG_FORMAT=json (any case) for one JSON object per line (default text); LOG_LEVEL=DEBUG for more.
        --help                  print this and exit

      java -jar dynamodb-backup-operator.jar check URL...  GETs each URL, exits 0 if all answer
                                200 (what the chart's `helm test` pod runs)
      java -jar dynamodb-backup-operator.jar replay --help  one shard of an incremental export into
                                a restore's table (what a restore's replay Jobs run; docs/restore.md)

      AWS access uses the SDK's default credential chain (IRSA, EKS Pod Identity, env keys);
      AWS_REGION sets the default region and AWS_ENDPOINT_URL* point it at another endpoint.
      """;

  /** Parses flags over the environment; throws IllegalArgumentException naming the bad one. */
  public static OperatorConfig from(String[] args, Map<String, String> env) {
    String namespaces = env.getOrDefault("WATCH_NAMESPACES", "");
    String leaderElection = env.getOrDefault("LEADER_ELECTION", "true");
    String leaseName = env.getOrDefault("LEASE_NAME", "dynamodb-backup-operator");
    String leaseNamespace = env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE"));
    String httpHost = env.getOrDefault("HTTP_HOST", "0.0.0.0");
    String httpPort = env.getOrDefault("HTTP_PORT", "8080");
    String grace = env.getOrDefault("OVERDUE_GRACE_SECONDS", "1800");
    String pitrCheck = env.getOrDefault("PITR_CHECK_SECONDS", "900");
    String tenancy = env.get("TENANCY_POLICY_FILE");
    String tenancySource = env.get("TENANCY_POLICY_SOURCE");
    String fullListing = env.getOrDefault("INVENTORY_FULL_LISTING_HOURS", "168");
    String replayImage = env.get("REPLAY_IMAGE");
    String replayPullPolicy = env.getOrDefault("REPLAY_IMAGE_PULL_POLICY", "IfNotPresent");
    String replayAccount =
        env.getOrDefault("REPLAY_SERVICE_ACCOUNT", "dynamodb-backup-operator-replay");
    String replayNamespace = env.getOrDefault("REPLAY_NAMESPACE", env.get("POD_NAMESPACE"));
    String replayCpu = env.getOrDefault("REPLAY_CPU", "250m");
    String replayMemory = env.getOrDefault("REPLAY_MEMORY", "512Mi");
    boolean help = false;
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--namespaces" -> namespaces = required(name, value);
        case "--leader-election" -> leaderElection = value == null ? "true" : value;
        case "--no-leader-election" -> leaderElection = "false";
        case "--lease-name" -> leaseName = required(name, value);
        case "--lease-namespace" -> leaseNamespace = required(name, value);
        case "--http-port" -> httpPort = required(name, value);
        case "--http-host" -> httpHost = required(name, value);
        case "--overdue-grace-seconds" -> grace = required(name, value);
        case "--pitr-check-seconds" -> pitrCheck = required(name, value);
        case "--tenancy-policy" -> tenancy = required(name, value);
        case "--tenancy-policy-source" -> tenancySource = required(name, value);
        case "--inventory-full-listing-hours" -> fullListing = required(name, value);
        case "--replay-image" -> replayImage = required(name, value);
        case "--replay-image-pull-policy" -> replayPullPolicy = required(name, value);
        case "--replay-service-account" -> replayAccount = required(name, value);
        case "--replay-namespace" -> replayNamespace = required(name, value);
        case "--replay-cpu" -> replayCpu = required(name, value);
        case "--replay-memory" -> replayMemory = required(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
      }
    }
    return new OperatorConfig(
        parseNamespaces(namespaces),
        parseBoolean("--leader-election", leaderElection),
        leaseName,
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace,
        httpHost,
        parsePort(httpPort),
        parseSeconds("--overdue-grace-seconds", grace),
        atLeast("--pitr-check-seconds", parseSeconds("--pitr-check-seconds", pitrCheck), 10),
        tenancy == null || tenancy.isBlank() ? null : tenancy,
        tenancySource == null || tenancySource.isBlank() ? null : tenancySource,
        parseHours("--inventory-full-listing-hours", fullListing),
        replayImage == null || replayImage.isBlank() ? null : replayImage.trim(),
        parsePullPolicy(replayPullPolicy),
        parseName("--replay-service-account", replayAccount),
        replayNamespace == null || replayNamespace.isBlank()
            ? null
            : parseName("--replay-namespace", replayNamespace),
        parseQuantity("--replay-cpu", replayCpu),
        parseQuantity("--replay-memory", replayMemory),
        help);
  }

  private static String required(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value: " + flag + "=...");
    }
    return value;
  }

  private static Set<String> parseNamespaces(String value) {
    List<String> names = new ArrayList<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
    return Set.copyOf(names);
  }

  private static boolean parseBoolean(String flag, String value) {
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(flag + " must be true or false, got " + value);
    };
  }

  private static Duration parseSeconds(String flag, String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number of seconds, got " + value);
    }
  }

  private static Duration atLeast(String flag, Duration value, long seconds) {
    if (value.getSeconds() < seconds) {
      throw new IllegalArgumentException(
          flag + " must be at least " + seconds + " seconds, got " + value.getSeconds());
    }
    return value;
  }

  private static Duration parseHours(String flag, String value) {
    try {
      long hours = Long.parseLong(value.trim());
      if (hours < 1) {
        throw new NumberFormatException();
      }
      return Duration.ofHours(hours);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          flag + " must be a whole number of hours, 1 or more, got " + value);
    }
  }

  private static String parsePullPolicy(String value) {
    for (String policy : List.of("Always", "IfNotPresent", "Never")) {
      if (policy.equalsIgnoreCase(value.trim())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "--replay-image-pull-policy must be Always, IfNotPresent or Never, got " + value);
  }

  /** A namespace's name (a DNS label) or a ServiceAccount's (a DNS subdomain: dots too). */
  private static String parseName(String flag, String value) {
    String name = value.trim();
    boolean namespace = flag.equals("--replay-namespace");
    String pattern =
        namespace ? "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?" : "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";
    if (!name.matches(pattern)) {
      throw new IllegalArgumentException(
          flag
              + " must be a Kubernetes name (lower-case letters, digits, '-'"
              + (namespace ? ", at most 63" : " and '.'")
              + "), got "
              + value);
    }
    return name;
  }

  /** A Kubernetes quantity such as 250m, 1, 512Mi or 1Gi. */
  private static String parseQuantity(String flag, String value) {
    String quantity = value.trim();
    if (!quantity.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|Ki|Mi|Gi)?")) {
      throw new IllegalArgumentException(
          flag + " must be a Kubernetes quantity such as 250m, 1, 512Mi or 1Gi, got " + value);
    }
    return quantity;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--http-port must be a port number, got " + value);
    }
  }
}
