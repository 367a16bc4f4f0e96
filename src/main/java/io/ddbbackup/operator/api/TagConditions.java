package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Tag conditions in AWS Backup's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagConditions {

  @JsonPropertyDescription("Every one of these must hold for the table to match.")
  @Size(max = 50)
  private List<TagCondition> allOf;

  @JsonPropertyDescription("At least one of these must hold (when any are given).")
  @Size(max = 50)
  private List<TagCondition> anyOf;

  @JsonPropertyDescription("None of these may hold.")
  @Size(max = 50)
  private List<TagCondition> noneOf;

  public List<TagCondition> getAllOf() {
    return allOf;
  }

  public void setAllOf(List<TagCondition> allOf) {
    this.allOf = allOf;
  }

  public List<TagCondition> getAnyOf() {
    return anyOf;
  }

  public void setAnyOf(List<TagCondition> anyOf) {
    this.anyOf = anyOf;
  }

  public List<TagCondition> getNoneOf() {
    return noneOf;
  }

  public void setNoneOf(List<TagCondition> noneOf) {
    this.noneOf = noneOf;
  }
}
