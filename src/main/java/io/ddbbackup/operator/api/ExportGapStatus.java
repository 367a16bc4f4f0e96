package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The gaps a chain of exports reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportGapStatus {

  @JsonPropertyDescription("Gaps reported so far.")
  private Long count;

  @JsonPropertyDescription(
      "The start of the newest gap: the chain was gap-free through it, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastFrom;

  @JsonPropertyDescription("The end of the newest gap: the new base's export time, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastTo;

  public Long getCount() {
    return count;
  }

  public void setCount(Long count) {
    this.count = count;
  }

  public String getLastFrom() {
    return lastFrom;
  }

  public void setLastFrom(String lastFrom) {
    this.lastFrom = lastFrom;
  }

  public String getLastTo() {
    return lastTo;
  }

  public void setLastTo(String lastTo) {
    this.lastTo = lastTo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportGapStatus other
        && Objects.equals(count, other.count)
        && Objects.equals(lastFrom, other.lastFrom)
        && Objects.equals(lastTo, other.lastTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, lastFrom, lastTo);
  }
}
