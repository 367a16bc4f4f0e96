package io.ddbbackup.operator.reconciler;

import static java.util.stream.Collectors.joining;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which namespaces may back up which tables and assume which roles. A cluster shared by teams gives
 * each namespace its own tables; without a policy every schedule is permitted (one tenant).
 * Patterns are globs where {@code *} matches any run of characters.
 *
 * <p>A schedule is permitted when one rule matches its namespace, its table (the name, and the ARN
 * when spec.tableName is one) and, if it sets spec.roleArn, that role. A rule with no roles permits
 * no roleArn at all. Its exports (spec.export) are permitted when such a rule also lists the
 * bucket; a rule with no buckets permits no export.
 *
 * @param source where the rules were read, named in every refusal so the person refused knows what
 *     to ask to have changed (e.g. the file and the ConfigMap it is mounted from); null when
 *     unknown
 */
public record TenancyPolicy(List<Rule> rules, String source) {

  /**
   * One grant.
   *
   * @param buckets the S3 buckets the namespaces' schedules may export their tables to
   *     (spec.export.s3Bucket); none = no exports
   */
  public record Rule(
      List<String> namespaces, List<String> tables, List<String> roles, List<String> buckets) {
    public Rule {
      namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
      tables = tables == null ? List.of() : List.copyOf(tables);
      roles = roles == null ? List.of() : List.copyOf(roles);
      buckets = buckets == null ? List.of() : List.copyOf(buckets);
    }

    /** A grant that permits no export. */
    public Rule(List<String> namespaces, List<String> tables, List<String> roles) {
      this(namespaces, tables, roles, null);
    }

    boolean permits(String namespace, String table, String tableName, String roleArn) {
      return anyMatch(namespaces, namespace)
          && (anyMatch(tables, table) || anyMatch(tables, tableName))
          && (roleArn == null || anyMatch(roles, roleArn));
    }
  }

  public TenancyPolicy {
    rules = rules == null ? null : List.copyOf(rules);
  }

  /** Rules of no named source. */
  public TenancyPolicy(List<Rule> rules) {
    this(rules, null);
  }

  /** The default: one tenant, everything permitted. */
  public static TenancyPolicy allowAll() {
    return new TenancyPolicy(null);
  }

  public boolean allowsEverything() {
    return rules == null;
  }

  /**
   * Empty when permitted; otherwise a message for the Ready condition saying what was refused.
   *
   * @param table spec.tableName as written (a name or an ARN)
   * @param tableName the table's name
   */
  public Optional<String> check(String namespace, String table, String tableName, String roleArn) {
    if (rules == null) {
      return Optional.empty();
    }
    for (Rule rule : rules) {
      if (rule.permits(namespace, table, tableName, roleArn)) {
        return Optional.empty();
      }
    }
    boolean tableAllowed =
        rules.stream()
            .anyMatch(
                r ->
                    anyMatch(r.namespaces(), namespace)
                        && (anyMatch(r.tables(), table) || anyMatch(r.tables(), tableName)));
    String policy = source == null ? "" : " (" + source + ")";
    if (tableAllowed && roleArn != null) {
      return Optional.of(
          "the operator's tenancy policy%s does not let namespace %s assume spec.roleArn %s"
              .formatted(policy, namespace, roleArn));
    }
    return Optional.of(
        "the operator's tenancy policy%s does not let namespace %s back up spec.tableName %s"
            .formatted(policy, namespace, table));
  }

  /**
   * Empty when a schedule of {@code namespace} that may back up its table (see {@link #check}) may
   * also export it to {@code bucket}; otherwise a message for the Exported condition.
   */
  public Optional<String> checkExport(
      String namespace, String table, String tableName, String roleArn, String bucket) {
    if (bucketPermitted(namespace, table, tableName, roleArn, bucket)) {
      return Optional.empty();
    }
    String policy = source == null ? "" : " (" + source + ")";
    return Optional.of(
        ("the operator's tenancy policy%s does not let namespace %s export table %s to"
                + " spec.export.s3Bucket %s: add the bucket to a rule's buckets for this"
                + " namespace, or export to a bucket it lists")
            .formatted(policy, namespace, table, bucket));
  }

  /**
   * Empty when a restore of {@code namespace} into {@code table} may read the export chain in
   * {@code bucket}: the same rule as for exporting to it; otherwise a message for Ready.
   */
  public Optional<String> checkRestoreBucket(
      String namespace, String table, String tableName, String roleArn, String bucket) {
    if (bucketPermitted(namespace, table, tableName, roleArn, bucket)) {
      return Optional.empty();
    }
    String policy = source == null ? "" : " (" + source + ")";
    return Optional.of(
        ("the operator's tenancy policy%s does not let namespace %s restore table %s from the"
                + " exports in bucket %s: add the bucket to a rule's buckets for this namespace")
            .formatted(policy, namespace, table, bucket));
  }

  private boolean bucketPermitted(
      String namespace, String table, String tableName, String roleArn, String bucket) {
    if (rules == null) {
      return true;
    }
    for (Rule rule : rules) {
      if (rule.permits(namespace, table, tableName, roleArn) && anyMatch(rule.buckets(), bucket)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyMatch(List<String> globs, String value) {
    return value != null && globs.stream().anyMatch(g -> glob(g).matcher(value).matches());
  }

  private static Pattern glob(String glob) {
    return Pattern.compile(
        Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(joining(".*")));
  }
}
