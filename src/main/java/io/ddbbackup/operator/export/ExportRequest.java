package io.ddbbackup.operator.export;

import java.util.Objects;

/**
 * One ExportTableToPointInTime: the table, the window, the token that makes the call idempotent for
 * 8 hours, and the destination.
 */
public record ExportRequest(
    String tableArn, ExportWindow window, String clientToken, ExportDestination destination) {

  public ExportRequest {
    Objects.requireNonNull(tableArn, "tableArn");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(clientToken, "clientToken");
    Objects.requireNonNull(destination, "destination");
  }
}
