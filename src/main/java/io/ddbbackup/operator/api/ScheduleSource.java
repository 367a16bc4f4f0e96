package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A backup chosen among those a schedule owns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleSource {

  /** Which of the schedule's backups to restore. */
  public enum Pick {
    /** The newest AVAILABLE backup the schedule owns when the restore starts. */
    Latest
  }

  @JsonPropertyDescription("The name of a DynamoDBBackupSchedule in this namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription(
      "Which of its backups: Latest (the default) is the newest AVAILABLE one when the restore"
          + " starts; the choice is recorded in status and never changes afterwards.")
  @Default("Latest")
  private Pick pick;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Pick getPick() {
    return pick;
  }

  public void setPick(Pick pick) {
    this.pick = pick;
  }
}
