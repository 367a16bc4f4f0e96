package io.ddbbackup.operator.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.TableTarget;
import org.junit.jupiter.api.Test;

class InventoryScopeTest {

  private static final String ROLE = "arn:aws:iam::111122223333:role/ddb-backup";

  @Test
  void schedulesOfOneIdentityAndRegionShareOneScopeWhateverTheirTable() {
    assertThat(InventoryScope.of(new TableTarget("orders", "eu-west-1", null)))
        .isEqualTo(InventoryScope.of(new TableTarget("users", "eu-west-1", null)));
    assertThat(InventoryScope.of(new TableTarget("orders", null, ROLE)))
        .isEqualTo(InventoryScope.of(new TableTarget("users", null, ROLE)));
  }

  @Test
  void anotherRoleOrAnotherRegionIsAnotherScope() {
    var base = InventoryScope.of(new TableTarget("orders", "eu-west-1", null));
    assertThat(InventoryScope.of(new TableTarget("orders", "eu-west-1", ROLE))).isNotEqualTo(base);
    assertThat(InventoryScope.of(new TableTarget("orders", "us-east-1", null))).isNotEqualTo(base);
  }

  @Test
  void anAccountScopeListsEveryTable() {
    TableTarget listing =
        InventoryScope.of(new TableTarget("orders", "eu-west-1", ROLE)).listingTarget();

    assertThat(listing.isAnyTable()).isTrue();
    assertThat(listing.region()).isEqualTo("eu-west-1");
    assertThat(listing.roleArn()).isEqualTo(ROLE);
  }

  @Test
  void aTableArnOfTheRolesAccountIsSeenByTheRolesAccountListing() {
    var arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

    var scope = InventoryScope.of(new TableTarget(arn, null, ROLE));

    assertThat(scope.region()).isEqualTo("eu-west-1");
    assertThat(scope.listingTarget().isAnyTable()).isTrue();
  }

  @Test
  void aTableArnNoAccountListingOfOursCanSeeHasAScopeOfItsOwnThatNamesIt() {
    var arn = "arn:aws:dynamodb:eu-west-1:444455556666:table/orders";

    var scope = InventoryScope.of(new TableTarget(arn, null, null));

    assertThat(scope.listingTarget().table()).isEqualTo(arn);
    assertThat(scope)
        .isNotEqualTo(
            InventoryScope.of(
                new TableTarget(
                    "arn:aws:dynamodb:eu-west-1:444455556666:table/users", null, null)));
  }
}
