package io.ddbbackup.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated schedule's name: valid, stable, readable where it can be, and unique. */
class GeneratedNamesTest {

  /** RFC 1123 label, as Kubernetes checks it (and a DNS subdomain a fortiori). */
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** A label value, as Kubernetes checks it. */
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

  @ParameterizedTest(name = "{0} + {1} -> {2}-<hash>")
  @CsvSource({
    "nightly, orders, nightly-orders",
    "nightly, Orders_EU.v2, nightly-orders-eu-v2",
    "nightly, ___, nightly-table",
    "fleet.prod, a--b, fleet-prod-a-b",
  })
  void readsAsThePolicyAndTheTable(String policy, String table, String readable) {
    String name = GeneratedNames.scheduleName(policy, table);
    assertThat(name).matches(readable + "-[0-9a-f]{10}");
  }

  @Test
  void isAValidShortNameForTableNamesUpTo255CharactersAndLongPolicyNames() {
    String policy = "p".repeat(200) + ".x";
    for (String table :
        List.of("abc", "a".repeat(255), "A.b_C-d".repeat(36), "_".repeat(255), "9".repeat(255))) {
      String name = GeneratedNames.scheduleName(policy, table);
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
    }
    assertThat(GeneratedNames.labelValue(policy)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
    assertThat(GeneratedNames.labelValue("nightly")).isEqualTo("nightly");
  }

  @Test
  void isUniqueWhereTheReadablePartIsNot() {
    String long1 = "t".repeat(254) + "1";
    String long2 = "t".repeat(254) + "2";
    List<String> tables = List.of("Orders", "orders", "a_b", "a.b", "a-b", long1, long2);
    Set<String> names = new HashSet<>();
    for (String table : tables) {
      names.add(GeneratedNames.scheduleName("nightly", table));
    }
    assertThat(names).hasSize(tables.size());
    // and two policies never share a name for one table
    assertThat(GeneratedNames.scheduleName("a", "orders"))
        .isNotEqualTo(GeneratedNames.scheduleName("b", "orders"));
  }

  /**
   * The name must not change between operator versions, or an upgraded operator would generate a
   * second schedule beside the first: the hash is SHA-256 of "nightly\0orders", computed outside
   * Java (python3 -c "import hashlib; print(hashlib.sha256(b'nightly\\x00orders').hexdigest())").
   */
  @Test
  void isStableAcrossVersions() {
    assertThat(GeneratedNames.scheduleName("nightly", "orders"))
        .isEqualTo("nightly-orders-9e82fef0b7");
  }
}
