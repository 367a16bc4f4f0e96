package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The table as the exports need it: its ARN for the export calls and its shape (key schema,
 * attributes, indexes, billing) for the record beside each export. Both come from one DescribeTable
 * answer, kept in {@link ScheduleMemory}: the ARN is read once per process (none for a table given
 * as an ARN), and the shape again for each full export, unless the answer held was read at or after
 * that export's time, which is then as fresh as the base needs (a process's first read, made as the
 * base starts, serves both).
 */
final class ExportedTable {

  private final TableStore tables;
  private final Clock clock;
  private final ScheduleMemory memory;

  ExportedTable(TableStore tables, Clock clock, ScheduleMemory memory) {
    this.tables = tables;
    this.clock = clock;
    this.memory = memory;
  }

  /** The table's ARN: given in the spec, held, or read (DescribeTable); empty when none exists. */
  Optional<String> arn(Step step) {
    TableTarget target = step.settings().target();
    if (target.table().startsWith("arn:")) {
      return Optional.of(target.table());
    }
    ScheduleMemory.TableRead held = memory.of(step.resource()).exportTable;
    if (held != null) {
      return Optional.of(held.shape().arn());
    }
    return read(step).map(TableShape::arn);
  }

  /**
   * The shape for the record beside {@code export}: a new base reads it again (an index added since
   * shows from that base on), unless the answer held was read at or after its export time; an
   * incremental export keeps its base's.
   */
  TableShape shapeFor(Step step, ExportWindow window, Export export) {
    ScheduleMemory.TableRead held = memory.of(step.resource()).exportTable;
    boolean stale =
        held == null || (window.kind() == ExportKind.FULL && held.at().isBefore(window.to()));
    if (!stale) {
      return held.shape();
    }
    return read(step)
        .orElseThrow(
            () ->
                new BackupStoreException(
                    Failure.TABLE_NOT_FOUND,
                    "ResourceNotFoundException",
                    "table %s not found: the record beside export %s needs its key schema"
                        .formatted(step.settings().target().table(), export.arn()),
                    null));
  }

  private Optional<TableShape> read(Step step) {
    Optional<TableShape> shape = tables.describe(step.settings().target()).map(ExportShapes::of);
    shape.ifPresent(
        s ->
            memory.of(step.resource()).exportTable =
                new ScheduleMemory.TableRead(s, clock.instant()));
    return shape;
  }
}
