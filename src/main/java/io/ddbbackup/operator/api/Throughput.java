package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Provisioned read and write capacity units. */
public class Throughput {

  @JsonPropertyDescription("Read capacity units, at least 1.")
  @Required
  @Min(1)
  private Long readCapacityUnits;

  @JsonPropertyDescription("Write capacity units, at least 1.")
  @Required
  @Min(1)
  private Long writeCapacityUnits;

  public Long getReadCapacityUnits() {
    return readCapacityUnits;
  }

  public void setReadCapacityUnits(Long readCapacityUnits) {
    this.readCapacityUnits = readCapacityUnits;
  }

  public Long getWriteCapacityUnits() {
    return writeCapacityUnits;
  }

  public void setWriteCapacityUnits(Long writeCapacityUnits) {
    this.writeCapacityUnits = writeCapacityUnits;
  }
}
