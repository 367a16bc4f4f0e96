package io.ddbbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.TableImport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's ImportTable behaves as DynamoDB's, for the restore reconciler's tests. */
class FakeBackupStoreImportTest {

  private static final Instant T0 = Instant.parse("2026-03-01T03:00:00Z");
  private static final TableTarget TARGET = new TableTarget("orders-restored", null, null);
  private static final String DATA = "shop/AWSDynamoDB/01772334000000-0badcafe/data/";
  private static final TableShape SHAPE =
      new TableShape(
          "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
          "orders",
          List.of(new TableShape.KeyElement("pk", "HASH")),
          List.of(new TableShape.AttributeDefinition("pk", "S")),
          List.of(),
          List.of(),
          "PAY_PER_REQUEST",
          null,
          null,
          null);

  private final FakeBackupStoreTest.MutableClock clock = new FakeBackupStoreTest.MutableClock(T0);
  private final FakeBackupStore store = new FakeBackupStore(clock).addTable("orders");

  private static ImportRequest request(String token, String table) {
    return new ImportRequest(
        token, table, "offsite", null, DATA, SHAPE, RestoreRequest.Overrides.NONE);
  }

  @Test
  void anImportRunsOnTheClockThenTheTableHoldsTheExportsItems() {
    store.putExportData("offsite", DATA, "a", "b", "c");
    store.setImportDelay(Duration.ofMinutes(10));

    TableImport started = store.importTable(TARGET, request("tok", "orders-restored"));
    clock.advance(Duration.ofMinutes(9));
    assertThat(store.describeImport(TARGET, started.importArn()).status()).isEqualTo("IN_PROGRESS");
    assertThat(store.table("orders-restored").orElseThrow().status()).isEqualTo("CREATING");

    clock.advance(Duration.ofMinutes(1));
    TableImport done = store.describeImport(TARGET, started.importArn());
    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.importedItemCount()).isEqualTo(3);
    assertThat(done.clientToken()).isEqualTo("tok");
    assertThat(store.table("orders-restored").orElseThrow().status()).isEqualTo("ACTIVE");
    assertThat(store.countItems(TARGET)).isEqualTo(3);
    assertThat(store.importsInto(TARGET, started.tableArn()))
        .extracting(TableImport::importArn)
        .containsExactly(started.importArn());
  }

  @Test
  void theSameTokenAnswersWithTheSameImportForEightHoursAndRefusesOtherParameters() {
    store.putExportData("offsite", DATA, "a");
    TableImport first = store.importTable(TARGET, request("tok", "orders-restored"));

    clock.advance(Duration.ofHours(7));
    assertThat(store.importTable(TARGET, request("tok", "orders-restored")).importArn())
        .isEqualTo(first.importArn());
    assertThatThrownBy(() -> store.importTable(TARGET, request("tok", "orders-other")))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.IMPORT_CONFLICT);
    assertThat(store.imports()).hasSize(1);
    assertThat(store.tableNames()).containsExactlyInAnyOrder("orders", "orders-restored");

    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> store.importTable(TARGET, request("tok", "orders-restored")))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.TABLE_ALREADY_EXISTS);
  }

  @Test
  void aLostAnswerLeavesTheImportRunningAndTheTokenFindsIt() {
    store.putExportData("offsite", DATA, "a");
    store.loseNextImportResponses(Failure.UNAVAILABLE, 1);

    assertThatThrownBy(() -> store.importTable(TARGET, request("tok", "orders-restored")))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.UNAVAILABLE);
    TableImport adopted = store.importTable(TARGET, request("tok", "orders-restored"));

    assertThat(store.imports())
        .extracting(TableImport::importArn)
        .containsExactly(adopted.importArn());
  }

  @Test
  void anImportWithNoDataFailsAndLeavesNoTable() {
    TableImport started = store.importTable(TARGET, request("tok", "orders-restored"));

    TableImport ended = store.describeImport(TARGET, started.importArn());

    assertThat(ended.status()).isEqualTo("FAILED");
    assertThat(ended.failureMessage()).contains("s3://offsite/" + DATA);
    assertThat(store.table("orders-restored")).isEmpty();
  }

  @Test
  void anExistingTableAndAnUnknownImportAreRefusedAsDynamoDbDoes() {
    assertThatThrownBy(() -> store.importTable(TARGET.withTable("orders"), request("t", "orders")))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.TABLE_ALREADY_EXISTS);
    assertThatThrownBy(
            () ->
                store.describeImport(
                    TARGET, "arn:aws:dynamodb:eu-west-1:111122223333:table/x/import/y"))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.IMPORT_NOT_FOUND);
  }
}
