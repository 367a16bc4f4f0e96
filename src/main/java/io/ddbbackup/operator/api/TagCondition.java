package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One tag condition: the table has the tag and its value matches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagCondition {

  @JsonPropertyDescription("The tag key, exactly (tag keys are case-sensitive).")
  @Required
  @Size(min = 1, max = 128)
  private String key;

  @JsonPropertyDescription(
      "The tag value: exact, or a pattern where * matches any run of characters (e.g. prod-*;"
          + " * alone: any value, the tag need only be present).")
  @Required
  @Size(max = 256)
  private String value;

  public TagCondition() {}

  public TagCondition(String key, String value) {
    this.key = key;
    this.value = value;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
