package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.TableTarget;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client per (region, role), built like the DynamoDB ones ({@link DynamoDbClients}): the
 * same credentials (the operator's, or spec.roleArn's assumed once), the same HTTP client settings,
 * retries, timeouts and the same guard against writes by a replica that no longer leads. The
 * endpoint is the SDK's to find (AWS_ENDPOINT_URL_S3 / aws.endpointUrlS3, as for DynamoDB).
 */
final class S3Clients implements AutoCloseable {

  private record Key(Region region, String roleArn) {}

  private final DynamoDbClients dynamoDb;
  private final boolean pathStyle;
  private final Map<Key, S3Client> clients = new ConcurrentHashMap<>();

  S3Clients(DynamoDbClients dynamoDb) {
    this.dynamoDb = dynamoDb;
    this.pathStyle = endpointOverridden();
  }

  S3Client forTarget(TableTarget as) {
    Region region = dynamoDb.regionOf(as);
    return clients.computeIfAbsent(new Key(region, as.roleArn()), k -> build(k, as));
  }

  private S3Client build(Key key, TableTarget as) {
    return S3Client.builder()
        .region(key.region())
        .credentialsProvider(dynamoDb.credentials(as))
        .httpClientBuilder(dynamoDb.httpClient())
        .overrideConfiguration(dynamoDb.overrides())
        // the bucket may be in another region than the table: S3 says which, the SDK follows
        .crossRegionAccessEnabled(true)
        .forcePathStyle(pathStyle)
        // S3 refuses a PutObject into a bucket with a default Object Lock retention unless it
        // carries Content-MD5 or a checksum (MissingUploadObjectWithObjectLockHeaders): the SDK's
        // default, spelled out because a locked bucket is the one this must work with
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
        .build();
  }

  /**
   * An emulator (moto, MinIO) answers on one host, where a bucket's virtual host ({@code
   * <bucket>.localhost}) does not resolve: with an endpoint of one's own, buckets go in the path.
   * AWS's own endpoints keep virtual-hosted style, which S3 requires of new buckets.
   */
  static boolean endpointOverridden() {
    return setting("aws.endpointUrlS3", "AWS_ENDPOINT_URL_S3").isPresent()
        || setting("aws.endpointUrl", "AWS_ENDPOINT_URL").isPresent();
  }

  private static Optional<String> setting(String property, String environment) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environment);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  @Override
  public void close() {
    clients.values().forEach(DynamoDb::closeQuietly);
    clients.clear();
  }
}
