package io.ddbbackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsFailuresTest {

  @Test
  void anEchoedCanonicalRequestIsCutOff() {
    String aws =
        "The request signature we calculated does not match the signature you provided. The"
            + " Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:"
            + "FwoGZXIvYXdzEBYaDH\n'";

    assertThat(AwsFailures.scrub(aws))
        .isEqualTo(
            "The request signature we calculated does not match the signature you provided.");
  }

  @Test
  void keysTokensSignaturesAndSignedUrlsAreRedacted() {
    String aws =
        "key ASIAIOSFODNN7EXAMPLE Signature=abc123 X-Amz-Security-Token=FwoGZX token"
            + " eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln at https://sts.amazonaws.com/?X-Amz-Date=1";

    assertThat(AwsFailures.scrub(aws))
        .doesNotContain("ASIAIOSFODNN7EXAMPLE", "abc123", "FwoGZX", "eyJ", "X-Amz-Date=1")
        .contains("<access-key-id>", "Signature=<redacted>", "<token>", "<signed-url>");
  }
}
