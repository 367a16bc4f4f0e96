package io.ddbbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The naming rules: the default prefix, the earlier default, and manual backups' names. */
class BackupNameTest {

  private static final Instant T = Instant.parse("2026-03-02T10:15:17.250Z");

  @Test
  void theDefaultPrefixesOfShopEuOrdersAndShopEuDashOrdersDiffer() {
    BackupName a = BackupName.defaultFor("shop-eu", "orders");
    BackupName b = BackupName.defaultFor("shop", "eu-orders");

    assertThat(a.prefix()).isEqualTo("shop-eu_orders");
    assertThat(b.prefix()).isEqualTo("shop_eu-orders");
    assertThat(a.owns(backup(b.forSlot(T)), "orders")).isFalse();
    assertThat(b.owns(backup(a.forSlot(T)), "orders")).isFalse();
    // what the earlier default gave both
    assertThat(BackupName.legacyDefaultFor("shop-eu", "orders"))
        .isEqualTo(BackupName.legacyDefaultFor("shop", "eu-orders"));
  }

  @Test
  void defaultPrefixesTooLongForDynamoDbStayDistinct() {
    String ns = "n".repeat(63);
    BackupName a = BackupName.defaultFor(ns, "x".repeat(200) + "a");
    BackupName b = BackupName.defaultFor(ns, "x".repeat(200) + "b");

    assertThat(a.prefix()).hasSize(BackupName.MAX_PREFIX_LENGTH).isNotEqualTo(b.prefix());
  }

  @ParameterizedTest(name = "recorded {0}, last backup {1}: {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        // a schedule created by this version
        "-,                  -,                                 shop_orders",
        "shop_orders,        shop_orders-20260302T030000Z,      shop_orders",
        // upgraded: its status (written by an earlier version) names a backup of the old default
        "-,                  shop-orders-20260302T030000Z,      shop-orders",
        // and from then on the status records the old default as the prefix in use
        "shop-orders,        shop-orders-20260302T030000Z,      shop-orders",
        "shop-orders,        -,                                 shop-orders",
        // a prefix that was set in the spec and removed again is not inherited
        "orders-nightly,     orders-nightly-20260302T030000Z,   shop_orders",
        // a recorded prefix wins over the last name: the last backup was under a removed spec
        // prefix
        "shop_orders,        shop-orders-20260302T030000Z,      shop_orders",
        // a last name that only looks alike
        "-,                  shop-orders-hourly-20260302T030000Z, shop_orders",
      })
  void aScheduleKeepsTheEarlierDefaultOnlyWhenItsStatusSaysItBackedUpUnderIt(
      String recorded, String lastBackup, String expected) {
    assertThat(BackupName.defaultInUse("shop", "orders", recorded, lastBackup).prefix())
        .isEqualTo(expected);
  }

  @Test
  void aManualBackupIsNamedByTheSecondItStarted() {
    BackupName names = new BackupName("shop_orders");

    assertThat(names.forManual(T, null)).isEqualTo("shop_orders-20260302T101517Z");
    assertThat(names.forManual(T, names.forSlot(Instant.parse("2026-03-02T03:00:00Z"))))
        .isEqualTo("shop_orders-20260302T101517Z");
  }

  @Test
  void aManualBackupInTheSecondOfThePreviousOneTakesTheNextSecond() {
    BackupName names = new BackupName("shop_orders");
    String first = names.forManual(T, null);

    String second = names.forManual(T.plusMillis(300), first);
    String third = names.forManual(T.plusMillis(400), second);

    assertThat(second).isEqualTo("shop_orders-20260302T101518Z");
    assertThat(third).isEqualTo("shop_orders-20260302T101519Z");
  }

  @Test
  void aManualBackupNeverTakesTheNameOfACronSlot() {
    BackupName names = new BackupName("shop_orders");
    Set<String> slotNames = new HashSet<>();
    Set<String> manualNames = new HashSet<>();
    String previous = null;
    Instant start = Instant.parse("2026-03-02T10:14:58Z");
    // three backup-now values in every tenth of a second across a minute boundary
    for (int i = 0; i < 60; i++) {
      Instant now = start.plusMillis(100L * i);
      previous = names.forManual(now, previous);
      manualNames.add(previous);
    }
    for (Instant slot = start.minusSeconds(120);
        slot.isBefore(start.plusSeconds(180));
        slot = slot.plusSeconds(1)) {
      if (slot.getEpochSecond() % 60 == 0) {
        slotNames.add(names.forSlot(slot));
      }
    }
    assertThat(manualNames).hasSize(60).doesNotContainAnyElementsOf(slotNames);
  }

  @Test
  void aPreviousNameFarAheadOfTheClockIsNotFollowed() {
    BackupName names = new BackupName("shop_orders");
    String aheadByAnHour = names.forSlot(T.plusSeconds(3600));

    assertThat(names.forManual(T, aheadByAnHour)).isEqualTo("shop_orders-20260302T101517Z");
  }

  private static Backup backup(String name) {
    return new Backup(
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/" + name,
        name,
        "orders",
        T,
        BackupStatus.AVAILABLE,
        BackupType.USER,
        1);
  }
}
