package dev.bahe.core.abe;

/**
 * What one run of the {@link AbePipeline} did.
 *
 * @param uniqueBehaviors {@code |H|}: unique normalised texts (behaviours and item texts)
 * @param occurrences texts scanned with repeats (behaviour records plus items)
 * @param dedupeRatio {@code occurrences / |H|}
 * @param encodedNow texts encoded and stored by this run
 * @param skippedAlreadyStored texts skipped because the store already held them (earlier runs)
 * @param batches encoder batches run
 * @param complete whether every text of {@code H} is now in the store (false when stopped early)
 * @param seconds wall time of the run, scan excluded
 * @param behaviorsPerSecond {@code encodedNow / seconds}
 */
public record AbeReport(
    int uniqueBehaviors,
    long occurrences,
    double dedupeRatio,
    int encodedNow,
    int skippedAlreadyStored,
    int batches,
    boolean complete,
    double seconds,
    double behaviorsPerSecond) {}
