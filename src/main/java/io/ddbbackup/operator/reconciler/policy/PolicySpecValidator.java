package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicySpec;
import io.ddbbackup.operator.api.TableSelector;
import io.ddbbackup.operator.api.TagCondition;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.Selection;
import io.ddbbackup.operator.policy.TagRule;
import io.ddbbackup.operator.reconciler.SpecFields;
import io.ddbbackup.operator.text.UserText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a policy's spec as the CRD's schema does and further (the interval's minimum), so a spec
 * that slipped past an older CRD ends as a readable InvalidSpec naming the field. The template's
 * own fields (cron, zone, retention) are checked by each generated schedule, as a schedule's are.
 */
final class PolicySpecValidator {

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  private static final Pattern INTERVAL =
      Pattern.compile(DynamoDBBackupPolicySpec.INTERVAL_PATTERN);

  /** Either settings or the problems, each naming its field. */
  record Result(PolicySettings settings, List<String> problems) {
    boolean valid() {
      return problems.isEmpty();
    }

    String message() {
      return String.join("; ", problems);
    }
  }

  private PolicySpecValidator() {}

  static Result validate(DynamoDBBackupPolicy resource) {
    DynamoDBBackupPolicySpec spec = resource.getSpec();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    List<String> problems = new ArrayList<>();
    String region = SpecFields.blankToNull(spec.getRegion());
    String roleArn = SpecFields.blankToNull(spec.getRoleArn());
    if (region == null) {
      problems.add("spec.region is required: the region whose tables the policy selects");
    }
    SpecFields.checkRegion(region, problems);
    SpecFields.checkRoleArn(roleArn, problems);
    Selection selection = selection(spec.getSelector(), problems);
    if (spec.getTemplate() == null) {
      problems.add("spec.template is required: the spec of each generated schedule");
    } else if (spec.getTemplate().getSchedule() == null
        || spec.getTemplate().getSchedule().isBlank()) {
      problems.add("spec.template.schedule is required: a cron expression such as \"0 3 * * *\"");
    }
    Duration interval = interval(spec.getDiscoveryInterval(), problems);
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(
        new PolicySettings(
            TableTarget.anyTable(region, roleArn), selection, spec.getTemplate(), interval),
        List.of());
  }

  private static Selection selection(TableSelector selector, List<String> problems) {
    if (selector == null) {
      problems.add(
          "spec.selector is required (an empty selector {} selects every table of the region)");
      return null;
    }
    List<String> names = selector.getTableNames() == null ? List.of() : selector.getTableNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null || names.get(i).isBlank()) {
        problems.add(
            "spec.selector.tableNames[%d] is empty: give a name or a pattern".formatted(i));
      }
    }
    var tags = selector.getTags();
    return new Selection(
        names,
        tags == null ? null : rules("allOf", tags.getAllOf(), problems),
        tags == null ? null : rules("anyOf", tags.getAnyOf(), problems),
        tags == null ? null : rules("noneOf", tags.getNoneOf(), problems));
  }

  private static List<TagRule> rules(
      String part, List<TagCondition> conditions, List<String> problems) {
    if (conditions == null) {
      return List.of();
    }
    List<TagRule> rules = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      TagCondition c = conditions.get(i);
      String field = "spec.selector.tags.%s[%d]".formatted(part, i);
      if (c == null || c.getKey() == null || c.getKey().isEmpty()) {
        problems.add(field + ".key is required: the tag key, exactly");
      } else if (c.getValue() == null) {
        problems.add(field + ".value is required: a value, a pattern with *, or * for any value");
      } else {
        rules.add(new TagRule(c.getKey(), c.getValue()));
      }
    }
    return rules;
  }

  private static Duration interval(String text, List<String> problems) {
    if (text == null || text.isBlank()) {
      return DEFAULT_INTERVAL;
    }
    if (!INTERVAL.matcher(text).matches()) {
      problems.add(
          "spec.discoveryInterval %s is not a whole number and a unit (s m h d), e.g. 10m"
              .formatted(UserText.quoted(text)));
      return null;
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    Duration interval =
        switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      problems.add(
          "spec.discoveryInterval %s is shorter than the minimum 1m: listing a region's tables"
                  .formatted(UserText.quoted(text))
              + " more often spends its ListTables quota for nothing; set 1m or more");
      return null;
    }
    return interval;
  }
}
