package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which tables a policy selects: names and tags, every given part must match. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSelector {

  @JsonPropertyDescription(
      "Table name patterns; a table matches when its name matches one of them. * matches any"
          + " run of characters, e.g. orders-*. Absent: any name.")
  @Size(max = 100)
  private List<String> tableNames;

  @JsonPropertyDescription(
      "Tag conditions, as AWS Backup's: allOf (every condition holds), anyOf (at least one"
          + " holds), noneOf (none holds). Absent: any tags.")
  private TagConditions tags;

  public List<String> getTableNames() {
    return tableNames;
  }

  public void setTableNames(List<String> tableNames) {
    this.tableNames = tableNames;
  }

  public TagConditions getTags() {
    return tags;
  }

  public void setTags(TagConditions tags) {
    this.tags = tags;
  }
}
