/**
 * Datasets for BAHE experiments, each loaded as a {@link dev.bahe.api.data.Dataset} through
 * {@link dev.bahe.examples.data.Datasets#load}:
 *
 * <ul>
 *   <li>the canonical layout of DESIGN §4 ({@link dev.bahe.examples.data.TabularFormat}: {@code items},
 *       {@code behaviors}, {@code impressions} as TSV with a header row or as JSON Lines), validated row by row —
 *       a malformed row is a {@link dev.bahe.examples.data.DataFormatException} naming file, line and field, or,
 *       with {@code skipBadRows}, a count by {@link dev.bahe.examples.data.BadRowReason} in the
 *       {@link dev.bahe.examples.data.LoadReport};
 *   <li>MovieLens 100k read in place, turned into behaviours by the usual LLM-CTR protocol;
 *   <li>a seeded {@link dev.bahe.examples.data.SyntheticGenerator} whose clicks depend on the meaning of old and
 *       recent behaviour text, with its ground truth ({@link dev.bahe.examples.data.SyntheticData}) for tests.
 * </ul>
 *
 * <p>{@link dev.bahe.examples.data.TabularDatasetWriter} writes any dataset back in the canonical layout.
 * Behaviour types are always in name order, which fixes the order of the feature-parallel sequences.
 */
package dev.bahe.examples.data;
