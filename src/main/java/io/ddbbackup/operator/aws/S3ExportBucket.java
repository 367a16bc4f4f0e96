package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.FailureText;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainKeys;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRecordJson;
import io.ddbbackup.operator.quota.BucketBudget;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The real {@link ExportBucket}: S3 through the AWS SDK v2. */
final class S3ExportBucket implements ExportBucket {

  /** What S3 answers GetObjectLockConfiguration with on a bucket without Object Lock (404). */
  private static final String NO_OBJECT_LOCK = "ObjectLockConfigurationNotFoundError";

  private final S3Clients clients;
  private final DynamoDbClients dynamoDb;
  private final BucketBudget budget;

  S3ExportBucket(S3Clients clients, DynamoDbClients dynamoDb, BucketBudget budget) {
    this.clients = clients;
    this.dynamoDb = dynamoDb;
    this.budget = budget;
  }

  @Override
  public void writeRecord(TableTarget as, ExportDestination destination, ExportRecord record) {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(destination.bucket())
            .key(record.key())
            .expectedBucketOwner(destination.bucketOwner())
            .contentType("application/json");
    if (destination.sse() == ExportDestination.Sse.KMS) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(destination.kmsKeyId());
    } else {
      put.serverSideEncryption(ServerSideEncryption.AES256);
    }
    byte[] body = ExportRecordJson.write(record);
    PutObjectRequest request = put.build();
    call(
        Operation.PUT_OBJECT,
        as,
        new Place(destination.bucket(), record.key(), destination.bucketOwner(), kms(destination)),
        s3 -> s3.putObject(request, RequestBody.fromBytes(body)));
  }

  @Override
  public ChainPage listChain(TableTarget as, ChainLocation location, String continuationToken) {
    String folder = ChainKeys.chainFolder(location.prefix());
    ListObjectsV2Response page =
        call(
            Operation.LIST_OBJECTS,
            as,
            new Place(location.bucket(), folder, location.bucketOwner(), false),
            s3 ->
                s3.listObjectsV2(
                    r ->
                        r.bucket(location.bucket())
                            .prefix(folder)
                            .delimiter("/")
                            .expectedBucketOwner(location.bucketOwner())
                            .continuationToken(continuationToken)));
    return new ChainPage(
        page.contents().stream()
            .map(S3Object::key)
            .filter(key -> ChainKeys.isRecordKey(location.prefix(), key))
            .toList(),
        Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
  }

  @Override
  public ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
    byte[] json =
        call(
                Operation.GET_OBJECT,
                as,
                new Place(location.bucket(), key, location.bucketOwner(), false),
                s3 ->
                    s3.getObjectAsBytes(
                        r ->
                            r.bucket(location.bucket())
                                .key(key)
                                .expectedBucketOwner(location.bucketOwner())))
            .asByteArray();
    return ExportRecordJson.read(key, json);
  }

  @Override
  public BucketProtections.Versioning versioning(
      TableTarget as, String bucket, String bucketOwner) {
    GetBucketVersioningResponse answer =
        call(
            Operation.GET_BUCKET_VERSIONING,
            as,
            new Place(bucket, null, bucketOwner, false),
            s3 -> s3.getBucketVersioning(r -> r.bucket(bucket).expectedBucketOwner(bucketOwner)));
    String status = answer.statusAsString();
    if (status == null || status.isEmpty()) {
      return BucketProtections.Versioning.NEVER_ENABLED;
    }
    return "Enabled".equals(status)
        ? BucketProtections.Versioning.ENABLED
        : BucketProtections.Versioning.SUSPENDED;
  }

  @Override
  public BucketProtections.ObjectLock objectLock(
      TableTarget as, String bucket, String bucketOwner) {
    ObjectLockConfiguration lock =
        call(
            Operation.GET_OBJECT_LOCK_CONFIGURATION,
            as,
            new Place(bucket, null, bucketOwner, false),
            s3 -> {
              try {
                return s3.getObjectLockConfiguration(
                        r -> r.bucket(bucket).expectedBucketOwner(bucketOwner))
                    .objectLockConfiguration();
              } catch (S3Exception e) {
                if (e.awsErrorDetails() != null
                    && NO_OBJECT_LOCK.equals(e.awsErrorDetails().errorCode())) {
                  return null; // no Object Lock on this bucket: an answer, not a failure
                }
                throw e;
              }
            });
    if (lock == null || !ObjectLockEnabled.ENABLED.equals(lock.objectLockEnabled())) {
      return BucketProtections.ObjectLock.NONE;
    }
    DefaultRetention retention = lock.rule() == null ? null : lock.rule().defaultRetention();
    if (retention == null || retention.modeAsString() == null) {
      return new BucketProtections.ObjectLock(true, null);
    }
    return new BucketProtections.ObjectLock(
        true,
        new BucketProtections.Retention(
            BucketProtections.Mode.valueOf(retention.modeAsString()),
            retention.days() == null ? 0 : retention.days(),
            retention.years() == null ? 0 : retention.years()));
  }

  /** What a call was about, for its failure's message. */
  private record Place(String bucket, String key, String owner, boolean kms) {}

  private static boolean kms(ExportDestination destination) {
    return destination.sse() == ExportDestination.Sse.KMS;
  }

  private <T> T call(Operation op, TableTarget as, Place place, Function<S3Client, T> request) {
    budget.take(place.bucket(), op);
    try {
      return request.apply(clients.forTarget(as));
    } catch (SdkException e) {
      throw failure(op, as, place, e);
    }
  }

  /**
   * The failure as for any AWS call ({@link AwsFailures}: codes, credentials, leadership, no
   * secrets), with the fix in front when S3 itself refused or found no bucket. A refusal by STS
   * (spec.roleArn not assumable) keeps the words AwsFailures gives it.
   */
  private BackupStoreException failure(Operation op, TableTarget as, Place place, SdkException e) {
    BackupStoreException mapped = AwsFailures.map(op, dynamoDb.where(as), e);
    if (!"S3".equalsIgnoreCase(AwsFailures.answeringService(e))) {
      return mapped;
    }
    String fix =
        switch (mapped.failure()) {
          case BUCKET_NOT_FOUND -> FailureText.bucketNotFound(place.bucket(), place.owner());
          case ACCESS_DENIED ->
              FailureText.bucketAccessDenied(
                  op, place.bucket(), place.key(), place.owner(), as.roleArn(), place.kms());
          default -> null;
        };
    return fix == null
        ? mapped
        : new BackupStoreException(
            mapped.failure(), mapped.awsErrorCode(), fix + ". " + mapped.getMessage(), null);
  }

  @Override
  public void close() {
    clients.close();
  }
}
