package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every backup that ever existed, as the proxies in front of moto saw moto make and delete them
 * (the operator's own account of what it did plays no part): each CreateBackup moto carried out,
 * with moto's ARN, name and creation time from its answer (recorded even when the operator never
 * got that answer), and each DeleteBackup moto carried out. A test's own backups go through a proxy
 * too, so nothing exists that the ledger has not seen.
 */
public final class BackupLedger {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A slot-like name: {@code <prefix>-yyyyMMddTHHmmssZ}. */
  private static final String STAMP = "-\\d{8}T\\d{6}Z";

  /**
   * One backup.
   *
   * @param writer the proxy (the process) whose CreateBackup made it
   * @param made when its CreateBackup reached the proxy
   * @param deleted when the DeleteBackup that removed it reached a proxy; null while it exists
   */
  public record Backup(
      String arn,
      String name,
      String table,
      Instant createdAt,
      String writer,
      Instant made,
      Instant deleted) {

    public boolean exists() {
      return deleted == null;
    }

    /** True when it existed at {@code at}: made before, not deleted by then. */
    public boolean existedAt(Instant at) {
      return made.isBefore(at) && (deleted == null || deleted.isAfter(at));
    }
  }

  /** A DeleteBackup moto carried out. */
  public record Deletion(String arn, String writer, Instant at) {}

  private final List<Backup> backups;
  private final List<Deletion> deletions;

  private BackupLedger(List<Backup> backups, List<Deletion> deletions) {
    this.backups = List.copyOf(backups);
    this.deletions = List.copyOf(deletions);
  }

  /** The ledger of every call of these proxies, in order of arrival. */
  public static BackupLedger of(Collection<FaultProxy.Call> calls) {
    List<FaultProxy.Call> ordered =
        calls.stream().sorted(Comparator.comparing(FaultProxy.Call::received)).toList();
    Map<String, Backup> byArn = new LinkedHashMap<>();
    List<Deletion> deletions = new ArrayList<>();
    for (FaultProxy.Call call : ordered) {
      if (!call.service().equals("dynamodb") || !call.tookEffect()) {
        continue;
      }
      if (call.operation().equals("CreateBackup")) {
        Backup made = created(call);
        byArn.put(made.arn(), made);
      } else if (call.operation().equals("DeleteBackup")) {
        String arn = read(call.request()).path("BackupArn").asText();
        deletions.add(new Deletion(arn, call.proxy(), call.received()));
        byArn.computeIfPresent(
            arn,
            (k, b) ->
                new Backup(
                    b.arn(),
                    b.name(),
                    b.table(),
                    b.createdAt(),
                    b.writer(),
                    b.made(),
                    call.received()));
      }
    }
    return new BackupLedger(new ArrayList<>(byArn.values()), deletions);
  }

  /** The ledger of several proxies (one per operator process) together. */
  public static BackupLedger of(FaultProxy... proxies) {
    List<FaultProxy.Call> all = new ArrayList<>();
    for (FaultProxy proxy : proxies) {
      all.addAll(proxy.calls());
    }
    return of(all);
  }

  /** Every backup ever made, in the order their CreateBackups arrived. */
  public List<Backup> all() {
    return backups;
  }

  public List<Deletion> deletions() {
    return deletions;
  }

  /** The backups that exist now. */
  public List<Backup> existing() {
    return backups.stream().filter(Backup::exists).toList();
  }

  /**
   * The backups of {@code table} a schedule with {@code prefix} owns, by the rule docs/reference.md
   * states (a USER backup of its table named exactly {@code <prefix>-yyyyMMddTHHmmssZ}; everything
   * made by CreateBackup is a USER backup), newest first by moto's creation time.
   */
  public List<Backup> ownedBy(String prefix, String table) {
    Pattern owned = Pattern.compile(Pattern.quote(prefix) + STAMP);
    return backups.stream()
        .filter(b -> b.table().equals(table) && owned.matcher(b.name()).matches())
        .sorted(Comparator.comparing(Backup::createdAt).thenComparing(Backup::name).reversed())
        .toList();
  }

  /** Names under which more than one backup was ever made. */
  public Map<String, Long> namesMadeMoreThanOnce() {
    return backups.stream()
        .collect(Collectors.groupingBy(Backup::name, LinkedHashMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** The backup made under {@code name}, if exactly one was. */
  public Map<String, Backup> byName() {
    return backups.stream()
        .collect(Collectors.toMap(Backup::name, Function.identity(), (a, b) -> a));
  }

  private static Backup created(FaultProxy.Call call) {
    JsonNode details = read(call.upstreamBody()).path("BackupDetails");
    JsonNode request = read(call.request());
    String table = request.path("TableName").asText();
    String tableName =
        table.contains(":table/") ? table.substring(table.indexOf(":table/") + 7) : table;
    BigDecimal seconds = details.path("BackupCreationDateTime").decimalValue();
    Instant createdAt =
        Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    return new Backup(
        details.path("BackupArn").asText(),
        details.path("BackupName").asText(),
        tableName,
        createdAt,
        call.proxy(),
        call.received(),
        null);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
