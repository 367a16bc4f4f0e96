package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRecordJson;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export bucket adapter against S3's REST protocol, as the S3 API reference describes it. */
class S3ExportBucketTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TableTarget ORDERS = new TableTarget("orders", null, null);
  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");
  private static final String KEY_ARN = "arn:aws:kms:eu-west-1:444455556666:key/1234abcd";
  private static final ExportDestination OWN_SSE_S3 =
      new ExportDestination(
          "offsite-backups",
          null,
          "shop/orders",
          ExportDestination.Sse.AES256,
          null,
          ExportDestination.Format.DYNAMODB_JSON);
  private static final ExportDestination THEIRS_KMS =
      new ExportDestination(
          "vault",
          "444455556666",
          "shop/orders",
          ExportDestination.Sse.KMS,
          KEY_ARN,
          ExportDestination.Format.DYNAMODB_JSON);
  private static final TableShape SHAPE =
      new TableShape(
          TABLE_ARN,
          "orders",
          List.of(new TableShape.KeyElement("id", "HASH")),
          List.of(new TableShape.AttributeDefinition("id", "S")),
          null,
          null,
          "PAY_PER_REQUEST",
          null,
          null,
          null);

  private final SystemProperties properties = new SystemProperties();
  private DynamoDb dynamo;
  private ExportBucket bucket;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    properties.set("aws.endpointUrlS3", wm.baseUrl()).set("aws.endpointUrlSts", wm.baseUrl());
    dynamo = DynamoDb.connect(AwsWire.fastSettings(), AwsWire.staticKeys());
    bucket = dynamo.exportBucket();
  }

  @AfterEach
  void close() {
    bucket.close();
    dynamo.close();
    properties.close();
  }

  private static ExportRecord record(ExportWindow window, String id, String previous) {
    return new ExportRecord(
        window,
        TABLE_ARN + "/export/" + id,
        "shop/orders",
        ExportDestination.Format.DYNAMODB_JSON,
        10,
        2048,
        null,
        SHAPE,
        previous,
        null);
  }

  @Test
  void aRecordInTheOwnAccountsBucketIsPutWithSseS3AndNoExpectedOwner() {
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    ExportRecord base = record(ExportWindow.full(T0), "e-1", null);

    bucket.writeRecord(ORDERS, OWN_SSE_S3, base);

    LoggedRequest sent = onlyRequest();
    assertThat(sent.getUrl())
        .isEqualTo("/offsite-backups/shop/orders/ddbbackup/chain/20260601T010000Z-full-e-1.json");
    assertThat(sent.getHeader("x-amz-server-side-encryption")).isEqualTo("AES256");
    assertThat(sent.containsHeader("x-amz-server-side-encryption-aws-kms-key-id")).isFalse();
    assertThat(sent.containsHeader("x-amz-expected-bucket-owner")).isFalse();
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(ExportRecordJson.read("sent", payload(sent))).isEqualTo(base);
  }

  @Test
  void aRecordInAnotherAccountsBucketIsPutWithItsKmsKeyAndTheExpectedOwner() {
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));

    bucket.writeRecord(ORDERS, THEIRS_KMS, record(ExportWindow.full(T0), "e-1", null));

    wm.verify(
        putRequestedFor(
                urlPathEqualTo("/vault/shop/orders/ddbbackup/chain/20260601T010000Z-full-e-1.json"))
            .withHeader("x-amz-server-side-encryption", equalTo("aws:kms"))
            .withHeader("x-amz-server-side-encryption-aws-kms-key-id", equalTo(KEY_ARN))
            .withHeader("x-amz-expected-bucket-owner", equalTo("444455556666")));
  }

  @Test
  void aLockedVersionedBucketReadsAsCompliance30Days() {
    wm.stubFor(get(urlMatching("/vault/?\\?versioning.*")).willReturn(xml(versioning("Enabled"))));
    wm.stubFor(
        get(urlMatching("/vault/?\\?object-lock.*"))
            .willReturn(
                xml(
                    """
                    <ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                      <ObjectLockEnabled>Enabled</ObjectLockEnabled>
                      <Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>30</Days></DefaultRetention></Rule>
                    </ObjectLockConfiguration>""")));

    BucketProtections p = bucket.protections(ORDERS, THEIRS_KMS);

    assertThat(p.versioning()).isEqualTo(BucketProtections.Versioning.ENABLED);
    assertThat(p.objectLock())
        .isEqualTo(
            new BucketProtections.ObjectLock(
                true, new BucketProtections.Retention(BucketProtections.Mode.COMPLIANCE, 30, 0)));
    assertThat(p.unmetBy(true)).isEmpty();
    // both reads checked the owner, as the write does
    assertThat(wm.findAll(anyRequestedFor(anyUrl())))
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.getHeader("x-amz-expected-bucket-owner")).isEqualTo("444455556666"));
  }

  @Test
  void aBucketWithoutObjectLockOrVersioningIsAnAnswerNotAFailure() {
    wm.stubFor(
        get(urlMatching("/offsite-backups/?\\?versioning.*"))
            .willReturn(
                xml(
                    "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>")));
    wm.stubFor(
        get(urlMatching("/offsite-backups/?\\?object-lock.*"))
            .willReturn(
                s3Error(
                    404,
                    "ObjectLockConfigurationNotFoundError",
                    "Object Lock configuration does not exist for this bucket")));

    BucketProtections p = bucket.protections(ORDERS, OWN_SSE_S3);

    assertThat(p.versioning()).isEqualTo(BucketProtections.Versioning.NEVER_ENABLED);
    assertThat(p.objectLock()).isEqualTo(BucketProtections.ObjectLock.NONE);
    assertThat(p.unmetBy(true)).hasValueSatisfying(m -> assertThat(m).contains("offsite-backups"));
  }

  @Test
  void objectLockWithoutARuleAndSuspendedVersioningAreReadAsSuch() {
    wm.stubFor(
        get(urlMatching("/vault/?\\?versioning.*")).willReturn(xml(versioning("Suspended"))));
    wm.stubFor(
        get(urlMatching("/vault/?\\?object-lock.*"))
            .willReturn(
                xml(
                    "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                        + "</ObjectLockConfiguration>")));

    BucketProtections p = bucket.protections(ORDERS, THEIRS_KMS);

    assertThat(p.versioning()).isEqualTo(BucketProtections.Versioning.SUSPENDED);
    assertThat(p.objectLock()).isEqualTo(new BucketProtections.ObjectLock(true, null));
  }

  @Test
  void aMissingBucketIsBucketNotFoundNamingTheBucketAndTheFix() {
    wm.stubFor(
        put(anyUrl())
            .willReturn(s3Error(404, "NoSuchBucket", "The specified bucket does not exist")));

    assertThatThrownBy(
            () ->
                bucket.writeRecord(ORDERS, OWN_SSE_S3, record(ExportWindow.full(T0), "e-1", null)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.BUCKET_NOT_FOUND);
              assertThat(e.awsErrorCode()).isEqualTo("NoSuchBucket");
            })
        .hasMessageStartingWith("export bucket offsite-backups does not exist: create it")
        .hasMessageContaining("spec.export.s3Bucket")
        .hasMessageContaining("PutObject failed: NoSuchBucket");
  }

  @Test
  void aDeniedWriteToAnotherAccountsKmsBucketNamesTheGrantTheOwnerAndTheKey() {
    wm.stubFor(put(anyUrl()).willReturn(s3Error(403, "AccessDenied", "Access Denied")));

    assertThatThrownBy(
            () ->
                bucket.writeRecord(ORDERS, THEIRS_KMS, record(ExportWindow.full(T0), "e-1", null)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.ACCESS_DENIED))
        .hasMessageContaining(
            "s3:PutObject on arn:aws:s3:::vault/shop/orders/ddbbackup/chain/20260601T010000Z-full-e-1.json")
        .hasMessageContaining("the operator's own identity")
        .hasMessageContaining("config/iam/export-policy.json")
        .hasMessageContaining("account 444455556666")
        .hasMessageContaining("config/iam/export-bucket-policy.json")
        .hasMessageContaining("kms:GenerateDataKey");
  }

  @Test
  void aDeniedProtectionsReadNamesItsOwnIamAction() {
    wm.stubFor(
        get(urlMatching("/offsite-backups/?\\?versioning.*"))
            .willReturn(xml(versioning("Enabled"))));
    wm.stubFor(
        get(urlMatching("/offsite-backups/?\\?object-lock.*"))
            .willReturn(s3Error(403, "AccessDenied", "Access Denied")));

    assertThatThrownBy(() -> bucket.protections(ORDERS, OWN_SSE_S3))
        .hasMessageContaining(
            "s3:GetBucketObjectLockConfiguration on arn:aws:s3:::offsite-backups was denied")
        .hasMessageNotContaining("kms:");
  }

  @Test
  void theChainIsReadPageByPageInKeyOrderSkippingWhatIsNotARecord() {
    ExportRecord base = record(ExportWindow.full(T0), "e-1", null);
    ExportRecord second =
        record(ExportWindow.incremental(T0, T0.plusSeconds(900)), "e-2", base.key());
    ExportRecord third =
        record(
            ExportWindow.incremental(T0.plusSeconds(900), T0.plusSeconds(1800)),
            "e-3",
            second.key());
    String folder = "shop/orders/ddbbackup/chain/";
    wm.stubFor(
        get(urlPathEqualTo("/vault"))
            .withQueryParam("list-type", equalTo("2"))
            .withQueryParam("prefix", equalTo(folder))
            .withQueryParam("continuation-token", absent())
            .willReturn(
                xml(listing(true, "page-2", base.key(), folder + "notes.txt", second.key()))));
    wm.stubFor(
        get(urlPathEqualTo("/vault"))
            .withQueryParam("list-type", equalTo("2"))
            .withQueryParam("continuation-token", equalTo("page-2"))
            .willReturn(xml(listing(false, null, third.key()))));
    for (ExportRecord r : List.of(base, second, third)) {
      wm.stubFor(
          get(urlEqualTo("/vault/" + r.key()))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(ExportRecordJson.write(r))));
    }

    List<ExportRecord> chain =
        bucket.readChain(ORDERS, new ChainLocation("vault", "444455556666", "shop/orders"));

    assertThat(chain).containsExactly(base, second, third);
  }

  @Test
  void aRecordListedAndThenGoneIsObjectNotFoundNotASilentHoleInTheChain() {
    String key = "shop/orders/ddbbackup/chain/20260601T010000Z-full-e-1.json";
    wm.stubFor(
        get(urlEqualTo("/vault/" + key))
            .willReturn(s3Error(404, "NoSuchKey", "The specified key does not exist.")));

    assertThatThrownBy(
            () -> bucket.readRecord(ORDERS, new ChainLocation("vault", null, "shop/orders"), key))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.OBJECT_NOT_FOUND))
        .hasMessageContaining("GetObject failed: NoSuchKey");
  }

  @Test
  void s3SlowingUsDownIsThrottledAfterTheSdksRetries() {
    wm.stubFor(
        get(urlMatching("/vault/?\\?versioning.*"))
            .willReturn(s3Error(503, "SlowDown", "Please reduce your request rate.")));

    assertThatThrownBy(() -> bucket.versioning(ORDERS, "vault", null))
        .isInstanceOfSatisfying(
            BackupStoreException.class, e -> assertThat(e.failure()).isEqualTo(Failure.THROTTLED));
    assertThat(wm.findAll(anyRequestedFor(anyUrl())))
        .hasSize(AwsWire.fastSettings().retries().maxAttempts());
  }

  @Test
  void aReplicaThatNoLongerLeadsWritesNoRecord() {
    try (DynamoDb follower =
            DynamoDb.connect(
                AwsWire.fastSettings().withLeadership(() -> Optional.of("the Lease is held by b")),
                AwsWire.staticKeys());
        ExportBucket theirs = follower.exportBucket()) {
      assertThatThrownBy(
              () ->
                  theirs.writeRecord(
                      ORDERS, OWN_SSE_S3, record(ExportWindow.full(T0), "e-1", null)))
          .isInstanceOfSatisfying(
              BackupStoreException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.NOT_LEADER));
    }
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  /** The object's bytes: the body itself, or its one chunk when the SDK sent it aws-chunked. */
  private static byte[] payload(LoggedRequest request) {
    String body = request.getBodyAsString();
    if (!"aws-chunked".equals(request.getHeader("Content-Encoding"))) {
      return request.getBody();
    }
    int start = body.indexOf("\r\n") + 2;
    int size = Integer.parseInt(body.substring(0, body.indexOf("\r\n")).split(";")[0], 16);
    return body.substring(start, start + size).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String versioning(String status) {
    return "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>"
        + status
        + "</Status></VersioningConfiguration>";
  }

  private static String listing(boolean truncated, String next, String... keys) {
    StringBuilder xml =
        new StringBuilder(
            "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>vault</Name>");
    xml.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (next != null) {
      xml.append("<NextContinuationToken>").append(next).append("</NextContinuationToken>");
    }
    for (String key : keys) {
      xml.append("<Contents><Key>").append(key).append("</Key><Size>100</Size></Contents>");
    }
    return xml.append("<KeyCount>")
        .append(keys.length)
        .append("</KeyCount></ListBucketResult>")
        .toString();
  }

  private static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(body);
  }

  private static ResponseDefinitionBuilder s3Error(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withHeader("x-amz-request-id", "S3REQ-" + code)
        .withBody(
            "<Error><Code>%s</Code><Message>%s</Message><RequestId>S3REQ</RequestId></Error>"
                .formatted(code, message));
  }
}
