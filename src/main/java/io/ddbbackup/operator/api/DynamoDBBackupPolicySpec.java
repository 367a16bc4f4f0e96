package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which tables a policy selects and the schedule each gets. The operator never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynamoDBBackupPolicySpec {

  /** A whole number and a unit, one of s m h d. */
  public static final String INTERVAL_PATTERN = "^[1-9][0-9]{0,8}[smhd]$";

  @JsonPropertyDescription("AWS region of the tables, e.g. eu-west-1.")
  @Required
  @Size(max = 32)
  @Pattern(DynamoDBBackupScheduleSpec.REGION_PATTERN)
  private String region;

  @JsonPropertyDescription(
      "IAM role to assume (STS AssumeRole) on top of the operator's own identity, for tables in"
          + " another account. Every generated schedule uses it too.")
  @Size(max = 2048)
  @Pattern(DynamoDBBackupScheduleSpec.ROLE_ARN_PATTERN)
  private String roleArn;

  @JsonPropertyDescription(
      "Which tables: a table is selected only when every part given here matches it. An empty"
          + " selector selects every table of the region.")
  @Required
  private TableSelector selector;

  @JsonPropertyDescription(
      "The spec of each generated DynamoDBBackupSchedule, without tableName, region and roleArn"
          + " (the policy's). A change here reaches every generated schedule; a hand edit of a"
          + " generated schedule is put back.")
  @Required
  private ScheduleTemplate template;

  @JsonPropertyDescription(
      "How often the tables are listed again: a whole number and a unit, one of s m h d (e.g."
          + " 10m); at least 1m. Default 10m. Nothing is listed in between, except when the"
          + " annotation ddbbackup.io/discover-now is set to a new value.")
  @Default("10m")
  @Pattern(INTERVAL_PATTERN)
  private String discoveryInterval;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public TableSelector getSelector() {
    return selector;
  }

  public void setSelector(TableSelector selector) {
    this.selector = selector;
  }

  public ScheduleTemplate getTemplate() {
    return template;
  }

  public void setTemplate(ScheduleTemplate template) {
    this.template = template;
  }

  public String getDiscoveryInterval() {
    return discoveryInterval;
  }

  public void setDiscoveryInterval(String discoveryInterval) {
    this.discoveryInterval = discoveryInterval;
  }
}
