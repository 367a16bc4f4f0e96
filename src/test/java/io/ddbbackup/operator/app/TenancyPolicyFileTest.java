package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenancyPolicyFileTest {

  @TempDir Path dir;

  @Test
  void noFileMeansOneTenantAndEverythingIsPermitted() {
    assertThat(TenancyPolicyFile.load(null, null).allowsEverything()).isTrue();
  }

  @Test
  void theDocumentedFormatIsRead() throws IOException {
    Path file = dir.resolve("tenancy.yaml");
    Files.writeString(
        file,
        """
        rules:
          - namespaces: [shop, "shop-*"]
            tables: ["orders*"]
            roles: ["arn:aws:iam::111122223333:role/shop-backup"]
            buckets: ["shop-offsite-*"]
          - namespaces: [billing]
            tables: [invoices]
        """);

    var policy = TenancyPolicyFile.load(file.toString(), null);

    assertThat(policy.check("shop-eu", "orders-v2", "orders-v2", null)).isEmpty();
    assertThat(policy.check("billing", "invoices", "invoices", null)).isEmpty();
    assertThat(policy.check("billing", "orders", "orders", null)).isPresent();
    assertThat(
            policy.check(
                "billing", "invoices", "invoices", "arn:aws:iam::111122223333:role/shop-backup"))
        .isPresent();
    // exports: only to the buckets a rule lists for the namespace and table
    assertThat(policy.checkExport("shop", "orders", "orders", null, "shop-offsite-eu")).isEmpty();
    assertThat(policy.checkExport("shop", "orders", "orders", null, "billing-offsite"))
        .hasValueSatisfying(m -> assertThat(m).contains("billing-offsite", file.toString()));
    assertThat(policy.checkExport("billing", "invoices", "invoices", null, "shop-offsite-eu"))
        .as("a rule without buckets permits no export")
        .isPresent();
  }

  @Test
  void aRefusalNamesTheFileAndWhereItComesFrom() throws IOException {
    Path file = dir.resolve("tenancy.yaml");
    Files.writeString(file, "rules:\n  - namespaces: [shop]\n    tables: [orders]\n");

    var fromChart = TenancyPolicyFile.load(file.toString(), "ConfigMap ops/ddb-tenancy");
    var plain = TenancyPolicyFile.load(file.toString(), null);

    assertThat(fromChart.check("billing", "orders", "orders", null))
        .hasValueSatisfying(
            m -> assertThat(m).contains("(file " + file + ", ConfigMap ops/ddb-tenancy)"));
    assertThat(plain.check("billing", "orders", "orders", null))
        .hasValueSatisfying(m -> assertThat(m).contains("(file " + file + ")"));
  }

  @Test
  void aBrokenFileStopsTheOperatorWithAMessageNamingIt() throws IOException {
    Path file = dir.resolve("tenancy.yaml");
    Files.writeString(file, "rules:\n  - namespaces: [shop]\n");

    assertThatThrownBy(() -> TenancyPolicyFile.load(file.toString(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("namespaces and tables");
    assertThatThrownBy(() -> TenancyPolicyFile.load(dir.resolve("missing.yaml").toString(), null))
        .hasMessageContaining("cannot read tenancy policy");
  }
}
