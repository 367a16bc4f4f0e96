package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.policy.Discovery;
import io.ddbbackup.operator.policy.FleetPlan;
import java.time.Instant;
import java.util.List;

/**
 * One reconcile of a policy, as a value passed from part to part.
 *
 * @param resource the policy as read from the API server
 * @param settings its spec, checked
 * @param now the time, read once
 * @param discovered whether the tables were listed in this reconcile
 * @param plan what the listing asked for, or what the last listing's tables ask for now (the
 *     schedules changed since); null when neither is known, or when listing failed
 * @param own the schedules this policy generated, as they are after this reconcile's writes
 * @param news what changed, for the Event: generated, put back, deleted
 * @param failure the AWS failure that ended discovery, or null
 * @param tags how this reconcile's listing read the tags; null when it listed nothing or read none
 */
record PolicyStep(
    DynamoDBBackupPolicy resource,
    PolicySettings settings,
    Instant now,
    boolean discovered,
    FleetPlan plan,
    List<DynamoDBBackupSchedule> own,
    News news,
    BackupStoreException failure,
    Discovery.Result tags) {

  /** What a reconcile changed. */
  record News(int generated, int putBack, int deleted) {
    static final News NONE = new News(0, 0, 0);

    boolean any() {
      return generated + putBack + deleted > 0;
    }
  }

  static PolicyStep begin(
      DynamoDBBackupPolicy resource,
      PolicySettings settings,
      Instant now,
      List<DynamoDBBackupSchedule> own) {
    return new PolicyStep(resource, settings, now, false, null, own, News.NONE, null, null);
  }

  PolicyStep discovered(FleetPlan plan, Discovery.Result found) {
    return new PolicyStep(resource, settings, now, true, plan, own, news, failure, found);
  }

  /** A plan made again from the tables of this process's last listing: no call was made. */
  PolicyStep replanned(FleetPlan plan) {
    return new PolicyStep(resource, settings, now, false, plan, own, news, failure, tags);
  }

  /** The same step with the generated schedules as read again from the API server. */
  PolicyStep withOwn(List<DynamoDBBackupSchedule> ownNow) {
    return new PolicyStep(resource, settings, now, discovered, plan, ownNow, news, failure, tags);
  }

  PolicyStep failed(BackupStoreException e) {
    return new PolicyStep(resource, settings, now, true, null, own, news, e, tags);
  }

  PolicyStep applied(List<DynamoDBBackupSchedule> ownNow, News newsNow) {
    return new PolicyStep(
        resource, settings, now, discovered, plan, ownNow, newsNow, failure, tags);
  }

  String key() {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
