package dev.bahe.core.abe;

/**
 * A progress report of a running {@link AbePipeline}, sent after every flush.
 *
 * @param encoded texts encoded so far in this run
 * @param toEncode texts this run has to encode in total
 * @param batches batches done so far
 * @param behaviorsPerSecond encoding rate so far
 * @param etaSeconds estimated seconds left at that rate
 */
public record AbeProgress(int encoded, int toEncode, int batches, double behaviorsPerSecond, double etaSeconds) {}
