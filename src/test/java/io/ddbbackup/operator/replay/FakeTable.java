package io.ddbbackup.operator.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DynamoDB table as the replay sees it: items by id (the value of their {@code v}), a status,
 * tags, and scripted answers to the next BatchWriteItem calls (leave some unprocessed, or fail).
 */
final class FakeTable implements ReplayTable {

  /** The next call's answer: process only the first {@code take} writes, or throw. */
  record Answer(int take, ReplayFailure failure) {}

  final Map<String, String> items = new LinkedHashMap<>();
  final Map<String, String> tags = new HashMap<>();
  final Deque<Answer> answers = new ArrayDeque<>();
  final List<Integer> batchSizes = new ArrayList<>();
  String status = "ACTIVE";

  /** Run at each call: how long a call takes, on the test's clock. */
  Runnable eachCall = () -> {};

  /** Every call leaves all its writes unprocessed (a table throttled to the end). */
  boolean throttledForever;

  @Override
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  @Override
  public Map<String, String> tags() {
    return Map.copyOf(tags);
  }

  @Override
  public List<Change> write(List<Change> batch) {
    if (batch.size() > Batches.MAX
        || batch.stream().map(Change::identity).distinct().count() != batch.size()) {
      throw new IllegalStateException("DynamoDB refuses this batch: " + batch.size());
    }
    batchSizes.add(batch.size());
    eachCall.run();
    if (throttledForever) {
      return batch;
    }
    Answer answer = answers.poll();
    if (answer != null && answer.failure() != null) {
      throw answer.failure();
    }
    int take = answer == null ? batch.size() : Math.min(answer.take(), batch.size());
    for (Change change : batch.subList(0, take)) {
      String id = change.keys().get("id").get("S").asText();
      if (change.isDelete()) {
        items.remove(id);
      } else {
        items.put(id, change.newImage().get("v").get("S").asText());
      }
    }
    return List.copyOf(batch.subList(take, batch.size()));
  }
}
