package dev.klite.bench;

import java.util.List;

/**
 * How big each measure is. {@link #full()} are the sizes; {@link #smoke()} are tiny, for
 * the CI smoke test, which only checks that every measure still produces a number.
 */
public record Sizes(
    String name,
    int startRuns,
    int writeRuns,
    int writesPerRun,
    List<Integer> writeClients,
    int listObjects,
    int listPods,
    int listRuns,
    int pageLimit,
    int watchEvents,
    List<Integer> watcherCounts,
    int stallWrites,
    int podStarts,
    int jobRuns,
    int bigJobCompletions,
    int bigJobParallelism,
    int smallJobs,
    int smallJobPods) {

  public Sizes {
    writeClients = List.copyOf(writeClients);
    watcherCounts = List.copyOf(watcherCounts);
  }

  public static Sizes full() {
    return new Sizes("full", 3, 3, 2000, List.of(1, 8, 32), 10_000, 1_000, 5, 500, 200, List.of(1, 100),
        2000, 30, 1, 1_000, 100, 100, 10);
  }

  public static Sizes smoke() {
    return new Sizes("smoke", 1, 3, 20, List.of(1, 8, 32), 20, 5, 3, 5, 5, List.of(1, 3), 20, 3, 1, 5, 5, 2, 2);
  }

  /** Fewer objects than {@code full()} where the loaded machine makes a run too slow. */
  public Sizes withListObjects(int objects, int pods) {
    return new Sizes(name, startRuns, writeRuns, writesPerRun, writeClients, objects, pods, listRuns, pageLimit,
        watchEvents, watcherCounts, stallWrites, podStarts, jobRuns, bigJobCompletions, bigJobParallelism,
        smallJobs, smallJobPods);
  }
}
