package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.ExportBaseStatus;
import io.ddbbackup.operator.api.ExportGapStatus;
import io.ddbbackup.operator.api.ExportInFlightStatus;
import io.ddbbackup.operator.api.ExportProtectionsStatus;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportChain;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.Gap;
import io.ddbbackup.operator.export.RecordedExport;
import io.ddbbackup.operator.reconciler.StatusTimes;
import java.time.Instant;

/**
 * status.export as a value: the chain the export engine works on ({@link ChainState}) and what the
 * user reads beside it (the base's details, the gaps, the count). Read from and written to the
 * status here only, whole seconds like the rest of the state.
 *
 * @param chain the chain and the export recorded in flight; null before the first reconcile with
 *     spec.export
 * @param base the newest full export that completed; null before the first
 * @param lastExportArn the newest export of the chain that completed; null before the first
 * @param gapCount the gaps reported so far
 * @param lastGap the newest gap reported, or null
 * @param exportedCount the exports that completed
 * @param protections the bucket's protections as last read, or null before the first read
 */
record OffsiteChain(
    ChainState chain,
    Base base,
    String lastExportArn,
    long gapCount,
    Gap lastGap,
    long exportedCount,
    Protections protections) {

  /** The bucket's protections as read from S3 ({@link BucketProtections#describe}). */
  record Protections(String bucket, String words, boolean locksEveryExport, Instant checkedAt) {
    Protections {
      checkedAt = StatusTimes.seconds(checkedAt);
    }

    static Protections of(BucketProtections p, Instant at) {
      return new Protections(p.bucket(), p.describe(), p.locksEveryExport(), at);
    }
  }

  /** With the bucket's protections as just read. */
  OffsiteChain withProtections(Protections read) {
    return new OffsiteChain(chain, base, lastExportArn, gapCount, lastGap, exportedCount, read);
  }

  /** The chain's base as DynamoDB described it when it completed. */
  record Base(String arn, Instant exportTime, Long itemCount, Long billedBytes) {
    Base {
      exportTime = StatusTimes.seconds(exportTime);
    }
  }

  static final OffsiteChain NONE = new OffsiteChain(null, null, null, 0, null, 0, null);

  OffsiteChain {
    if (lastGap != null) {
      lastGap = new Gap(StatusTimes.seconds(lastGap.from()), StatusTimes.seconds(lastGap.to()));
    }
    if (chain != null && chain.recorded() != null) {
      RecordedExport r = chain.recorded();
      Instant at = StatusTimes.seconds(r.recordedAt());
      if (!at.equals(r.recordedAt())) {
        chain =
            new ChainState(chain.chain(), new RecordedExport(r.window(), r.attempt(), at, r.arn()));
      }
    }
  }

  /** A schedule that starts exporting now: nothing is due before its first full slot. */
  static OffsiteChain starting(Instant now) {
    return new OffsiteChain(
        new ChainState(ExportChain.empty(StatusTimes.seconds(now)), null),
        null,
        null,
        0,
        null,
        0,
        null);
  }

  /** The time every change up to which is in the bucket: the off-site recovery point. */
  Instant gapFreeThrough() {
    return chain == null ? null : chain.chain().gapFreeThrough();
  }

  /**
   * With the engine's chain. A base the chain moved to before its details are known (the record of
   * the next export is written in the reconcile that saw the base complete) is kept by its time, so
   * that what is written always reads back as the same chain.
   */
  OffsiteChain with(ChainState next) {
    Instant baseTime = next.chain().baseTime();
    Base b = base;
    if (baseTime != null && (b == null || !baseTime.equals(b.exportTime()))) {
      b = new Base(null, baseTime, null, null);
    }
    return new OffsiteChain(next, b, lastExportArn, gapCount, lastGap, exportedCount, protections);
  }

  /** The export of {@code window} completed as {@code export} describes it. */
  OffsiteChain completed(ExportWindow window, Export export) {
    Base newBase =
        window.kind() == ExportKind.FULL
            ? new Base(export.arn(), window.to(), export.itemCount(), export.billedBytes())
            : base;
    return new OffsiteChain(
        chain, newBase, export.arn(), gapCount, lastGap, exportedCount + 1, protections);
  }

  /** One more gap reported. */
  OffsiteChain gap(Gap gap) {
    return new OffsiteChain(
        chain, base, lastExportArn, gapCount + 1, gap, exportedCount, protections);
  }

  static OffsiteChain of(ExportStatus s) {
    if (s == null || s.getSince() == null) {
      return NONE;
    }
    Base base = base(s.getBase());
    Instant baseTime = base == null ? null : base.exportTime();
    Instant through = StatusTimes.parse(s.getGapFreeThrough());
    if ((baseTime == null) != (through == null)) {
      // not a status the operator writes (edited by hand): keep the half that is there, so the
      // chain stays whole; the planner reports a gap if it no longer reaches the PITR window
      baseTime = baseTime == null ? through : baseTime;
      through = through == null ? baseTime : through;
    }
    ExportInFlightStatus f = s.getInFlight();
    ExportWindow window = f == null ? null : window(f);
    ExportChain chain =
        new ExportChain(
            StatusTimes.parse(s.getSince()),
            StatusTimes.parse(s.getLastFullSlot()),
            baseTime,
            through,
            window);
    ExportGapStatus g = s.getGaps();
    return new OffsiteChain(
        new ChainState(chain, window == null ? null : recorded(f, window)),
        base,
        s.getLastExportArn(),
        g == null || g.getCount() == null ? 0 : g.getCount(),
        lastGap(g),
        s.getExportedCount() == null ? 0 : s.getExportedCount(),
        protections(s.getBucketProtections()));
  }

  private static Base base(ExportBaseStatus b) {
    return b == null
        ? null
        : new Base(
            b.getExportArn(),
            StatusTimes.parse(b.getExportTime()),
            b.getItemCount(),
            b.getBilledBytes());
  }

  private static RecordedExport recorded(ExportInFlightStatus f, ExportWindow window) {
    return new RecordedExport(
        window,
        f.getAttempt() == null ? 1 : f.getAttempt(),
        StatusTimes.parse(f.getRecordedAt()),
        f.getExportArn());
  }

  private static Gap lastGap(ExportGapStatus g) {
    return g == null || g.getLastFrom() == null || g.getLastTo() == null
        ? null
        : new Gap(StatusTimes.parse(g.getLastFrom()), StatusTimes.parse(g.getLastTo()));
  }

  private static Protections protections(ExportProtectionsStatus p) {
    return p == null || p.getBucket() == null
        ? null
        : new Protections(
            p.getBucket(),
            p.getProtections(),
            Boolean.TRUE.equals(p.getLocksEveryExport()),
            StatusTimes.parse(p.getCheckedTime()));
  }

  private static ExportWindow window(ExportInFlightStatus f) {
    Instant to = StatusTimes.parse(f.getTo());
    if ("FULL".equals(f.getKind())) {
      return ExportWindow.full(to);
    }
    return ExportWindow.incremental(StatusTimes.parse(f.getFrom()), to);
  }

  /** The status to write; null when the schedule never exported. */
  ExportStatus toStatus() {
    if (chain == null) {
      return null;
    }
    ExportChain c = chain.chain();
    ExportStatus s = new ExportStatus();
    s.setSince(StatusTimes.format(c.createdAt()));
    s.setBase(baseStatus());
    s.setGapFreeThrough(StatusTimes.format(c.gapFreeThrough()));
    s.setLastFullSlot(StatusTimes.format(c.lastFullSlot()));
    s.setLastExportArn(lastExportArn);
    s.setInFlight(inFlightStatus(chain.recorded()));
    s.setGaps(gapStatus());
    s.setExportedCount(exportedCount);
    s.setBucketProtections(protectionsStatus());
    return s;
  }

  private ExportBaseStatus baseStatus() {
    if (base == null) {
      return null;
    }
    ExportBaseStatus b = new ExportBaseStatus();
    b.setExportArn(base.arn());
    b.setExportTime(StatusTimes.format(base.exportTime()));
    b.setItemCount(base.itemCount());
    b.setBilledBytes(base.billedBytes());
    return b;
  }

  private static ExportInFlightStatus inFlightStatus(RecordedExport r) {
    if (r == null) {
      return null;
    }
    ExportInFlightStatus f = new ExportInFlightStatus();
    f.setKind(r.window().kind().name());
    f.setFrom(StatusTimes.format(r.window().from()));
    f.setTo(StatusTimes.format(r.window().to()));
    f.setAttempt(r.attempt());
    f.setRecordedAt(StatusTimes.format(r.recordedAt()));
    f.setExportArn(r.arn());
    return f;
  }

  private ExportGapStatus gapStatus() {
    if (gapCount <= 0 && lastGap == null) {
      return null;
    }
    ExportGapStatus g = new ExportGapStatus();
    g.setCount(gapCount);
    g.setLastFrom(lastGap == null ? null : StatusTimes.format(lastGap.from()));
    g.setLastTo(lastGap == null ? null : StatusTimes.format(lastGap.to()));
    return g;
  }

  private ExportProtectionsStatus protectionsStatus() {
    if (protections == null) {
      return null;
    }
    ExportProtectionsStatus p = new ExportProtectionsStatus();
    p.setBucket(protections.bucket());
    p.setProtections(protections.words());
    p.setLocksEveryExport(protections.locksEveryExport());
    p.setCheckedTime(StatusTimes.format(protections.checkedAt()));
    return p;
  }
}
