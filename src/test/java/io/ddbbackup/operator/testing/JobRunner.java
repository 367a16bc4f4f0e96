package io.ddbbackup.operator.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kubelet and the Job controller, for Indexed Jobs on a plain kube-apiserver (kube-api-test
 * runs no controller-manager and no node): it watches the Jobs of one namespace and runs each index
 * of each new Job in this JVM through {@link Command} — the replay command's own entry point in the
 * tests, never a second implementation — with the container's args, its env and
 * JOB_COMPLETION_INDEX, as the pod would get them. It writes the Job's status as the Job controller
 * does: startTime, active, succeeded, failed, completedIndexes, failedIndexes, and at the end
 * SuccessCriteriaMet then Complete, or FailureTarget then Failed, with the controller's reasons.
 *
 * <p>It follows what the Job says, not what the operator meant: completions and parallelism,
 * backoffLimitPerIndex (else backoffLimit, default 6) and maxFailedIndexes, and the
 * podFailurePolicy's onExitCodes rules (FailJob, FailIndex, Ignore, Count) in order. A command that
 * throws counts as a pod that exited 1. A retry follows at once (the controller waits 10 s, 20 s …
 * in between); pods are not written (the in-process "pod" has a name for messages only). The
 * command reads AWS settings the way it does in a pod, from the environment: in this JVM that is
 * the system properties the test sets ({@code aws.endpointUrl…}), not the Job's env.
 */
public final class JobRunner implements AutoCloseable {

  /** One pod's run: the container's args and env (with JOB_COMPLETION_INDEX) to an exit code. */
  @FunctionalInterface
  public interface Command {
    int run(List<String> args, Map<String, String> env) throws Exception;
  }

  /** One pod that ran: which Job and index, and how it ended. */
  public record Attempt(String job, int index, int exitCode) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Command command;
  private final ExecutorService pods = Executors.newCachedThreadPool();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final Watch watch;

  private JobRunner(KubernetesClient client, String namespace, Command command) {
    this.client = client;
    this.namespace = namespace;
    this.command = command;
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    onEvent(action, job);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    if (cause != null) {
                      System.err.println("JobRunner: the watch of Jobs closed: " + cause);
                    }
                  }
                });
    // Jobs made before the watch began
    client.batch().v1().jobs().inNamespace(namespace).list().getItems().forEach(this::start);
  }

  /** Starts running the Jobs of {@code namespace}, read and written as {@code client}. */
  public static JobRunner start(KubernetesClient client, String namespace, Command command) {
    return new JobRunner(client, namespace, command);
  }

  /** Every pod that ran so far, in the order they ended. */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    watch.close();
    runs.values().forEach(Run::stop);
    pods.shutdownNow();
  }

  private void onEvent(Watcher.Action action, Job job) {
    if (action == Watcher.Action.ADDED) {
      start(job);
    } else if (action == Watcher.Action.DELETED) {
      Run run = runs.remove(job.getMetadata().getUid());
      if (run != null) {
        run.stop();
      }
    }
  }

  private void start(Job job) {
    boolean finished =
        job.getStatus() != null
            && job.getStatus().getConditions() != null
            && job.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                            && "True".equals(c.getStatus()));
    if (finished || !"Indexed".equals(job.getSpec().getCompletionMode())) {
      return;
    }
    runs.computeIfAbsent(
        job.getMetadata().getUid(),
        uid -> {
          Run run = new Run(job);
          pods.submit(run::drive);
          return run;
        });
  }

  /** One Job: its indexes run through the command, its status written after each pod. */
  private final class Run {

    private final String name;
    private final int completions;
    private final int parallelism;
    private final int retriesPerIndex;
    private final Integer maxFailedIndexes;
    private final boolean perIndex;
    private final List<PodFailurePolicyRule> rules;
    private final Container container;
    private final Set<Integer> completed = new TreeSet<>();
    private final Set<Integer> failedIndexes = new TreeSet<>();
    private final Map<Integer, Integer> failuresOf = new LinkedHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger podCount = new AtomicInteger();
    private int failedPods;
    private volatile boolean stopped;
    private JobCondition failure;

    Run(Job job) {
      JobSpec spec = job.getSpec();
      this.name = job.getMetadata().getName();
      this.completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
      this.parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
      this.perIndex = spec.getBackoffLimitPerIndex() != null;
      this.retriesPerIndex =
          perIndex
              ? spec.getBackoffLimitPerIndex()
              : spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
      this.maxFailedIndexes = spec.getMaxFailedIndexes();
      this.rules =
          spec.getPodFailurePolicy() == null ? List.of() : spec.getPodFailurePolicy().getRules();
      this.container = spec.getTemplate().getSpec().getContainers().get(0);
    }

    void stop() {
      stopped = true;
    }

    /** Runs up to parallelism indexes at once until each succeeded or the Job failed. */
    void drive() {
      try {
        writeStatus(null);
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < completions; i++) {
          pending.add(i);
        }
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallelism);
        List<java.util.concurrent.Future<?>> indexes = new ArrayList<>();
        for (int index : pending) {
          slots.acquire();
          if (stopped || failure != null) {
            slots.release();
            break;
          }
          indexes.add(
              pods.submit(
                  () -> {
                    try {
                      runIndex(index);
                    } finally {
                      slots.release();
                    }
                  }));
        }
        for (var f : indexes) {
          f.get();
        }
        finish();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        System.err.println("JobRunner: " + name + ": " + e);
        e.printStackTrace();
      }
    }

    private void runIndex(int index) {
      while (!stopped) {
        synchronized (this) {
          if (failure != null) {
            return;
          }
          active.incrementAndGet();
          writeStatus(null);
        }
        String pod = name + "-" + index + "-" + Integer.toString(podCount.incrementAndGet(), 36);
        int exit = runPod(index);
        attempts.add(new Attempt(name, index, exit));
        synchronized (this) {
          active.decrementAndGet();
          if (exit == 0) {
            completed.add(index);
            writeStatus(null);
            return;
          }
          String action = actionFor(exit);
          if (action.equals("Ignore")) {
            writeStatus(null);
            continue;
          }
          failedPods++;
          if (action.equals("FailJob")) {
            failure =
                condition(
                    "FailureTarget",
                    "PodFailurePolicy",
                    "Container "
                        + container.getName()
                        + " for pod "
                        + namespace
                        + "/"
                        + pod
                        + " failed with exit code "
                        + exit
                        + " matching FailJob rule at index "
                        + ruleIndex(exit));
            writeStatus(null);
            return;
          }
          int failures = failuresOf.merge(index, 1, Integer::sum);
          if (action.equals("FailIndex") || failures > retriesPerIndex) {
            if (!perIndex) {
              failure =
                  condition(
                      "FailureTarget",
                      "BackoffLimitExceeded",
                      "Job has reached the specified backoff limit");
              writeStatus(null);
              return;
            }
            failedIndexes.add(index);
            if (maxFailedIndexes != null && failedIndexes.size() > maxFailedIndexes) {
              failure =
                  condition(
                      "FailureTarget",
                      "MaxFailedIndexesExceeded",
                      "Job has exceeded the specified maximal number of failed indexes");
            }
            writeStatus(null);
            return;
          }
          writeStatus(null);
        }
      }
    }

    private int runPod(int index) {
      Map<String, String> env = new LinkedHashMap<>();
      if (container.getEnv() != null) {
        for (EnvVar var : container.getEnv()) {
          if (var.getValue() != null) {
            env.put(var.getName(), var.getValue());
          }
        }
      }
      env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
      List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
      try {
        return command.run(List.copyOf(args), Map.copyOf(env));
      } catch (Exception e) {
        System.err.println("JobRunner: " + name + " index " + index + " threw " + e);
        return 1;
      }
    }

    /** The first podFailurePolicy rule whose onExitCodes match, else Count (the default). */
    private String actionFor(int exit) {
      int i = ruleIndex(exit);
      return i < 0 ? "Count" : rules.get(i).getAction();
    }

    private int ruleIndex(int exit) {
      for (int i = 0; i < rules.size(); i++) {
        PodFailurePolicyOnExitCodesRequirement codes = rules.get(i).getOnExitCodes();
        if (codes == null) {
          continue;
        }
        if (codes.getContainerName() != null
            && !codes.getContainerName().equals(container.getName())) {
          continue;
        }
        boolean in = codes.getValues().contains(exit);
        if ("In".equals(codes.getOperator()) ? in : !in) {
          return i;
        }
      }
      return -1;
    }

    /** The end, once no pod runs: Complete after SuccessCriteriaMet, Failed after FailureTarget. */
    private synchronized void finish() {
      if (stopped) {
        return;
      }
      if (failure == null && failedIndexes.isEmpty() && completed.size() == completions) {
        JobCondition met =
            condition(
                "SuccessCriteriaMet",
                "CompletionsReached",
                "Reached expected number of succeeded pods");
        writeStatus(List.of(met));
        writeStatus(
            List.of(
                met,
                condition(
                    "Complete",
                    "CompletionsReached",
                    "Reached expected number of succeeded pods")));
        return;
      }
      if (failure == null) {
        failure = condition("FailureTarget", "FailedIndexes", "Job has failed indexes");
      }
      writeStatus(List.of(failure));
      writeStatus(List.of(failure, condition("Failed", failure.getReason(), failure.getMessage())));
    }

    private Instant startTime;

    /** The status as it is now; {@code end} are the final conditions, else the failure so far. */
    private synchronized void writeStatus(List<JobCondition> end) {
      if (stopped) {
        return;
      }
      if (startTime == null) {
        startTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      }
      boolean complete = end != null && end.stream().anyMatch(c -> "Complete".equals(c.getType()));
      List<JobCondition> conditions =
          end != null ? end : failure != null ? List.of(failure) : List.of();
      try {
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(name)
            .editStatus(
                job -> {
                  var status =
                      job.getStatus() == null
                          ? new io.fabric8.kubernetes.api.model.batch.v1.JobStatus()
                          : job.getStatus();
                  status.setStartTime(startTime.toString());
                  status.setActive(active.get());
                  status.setReady(0);
                  status.setSucceeded(completed.size());
                  status.setFailed(failedPods);
                  status.setCompletedIndexes(ranges(completed));
                  if (perIndex) {
                    status.setFailedIndexes(ranges(failedIndexes));
                  }
                  status.setConditions(new ArrayList<>(conditions));
                  if (complete) {
                    status.setCompletionTime(
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                  }
                  job.setStatus(status);
                  return job;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        stopped = true; // the Job was deleted
      }
    }
  }

  private static JobCondition condition(String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  /** {0,1,2,5} as the Job controller writes it: "0-2,5"; "" for none. */
  static String ranges(Set<Integer> indexes) {
    StringBuilder out = new StringBuilder();
    Integer start = null;
    Integer previous = null;
    for (int i : indexes) {
      if (previous != null && i == previous + 1) {
        previous = i;
        continue;
      }
      if (start != null) {
        append(out, start, previous);
      }
      start = i;
      previous = i;
    }
    if (start != null) {
      append(out, start, previous);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, int start, int end) {
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(start);
    if (end > start) {
      out.append('-').append(end);
    }
  }
}
