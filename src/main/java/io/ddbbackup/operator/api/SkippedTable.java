package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A matched table the policy gives no schedule, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SkippedTable {

  @JsonPropertyDescription("The table's name.")
  private String tableName;

  @JsonPropertyDescription(
      "Why: CoveredElsewhere (a schedule this policy did not generate already backs it up) or"
          + " NotPermitted (the operator's tenancy policy does not let this namespace back it"
          + " up).")
  private String reason;

  @JsonPropertyDescription("The covering schedule (namespace/name), or the tenancy refusal.")
  private String message;

  public SkippedTable() {}

  public SkippedTable(String tableName, String reason, String message) {
    this.tableName = tableName;
    this.reason = reason;
    this.message = message;
  }

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SkippedTable s
        && Objects.equals(tableName, s.tableName)
        && Objects.equals(reason, s.reason)
        && Objects.equals(message, s.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, reason, message);
  }
}
