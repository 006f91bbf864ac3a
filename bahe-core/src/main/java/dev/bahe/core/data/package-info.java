/**
 * Data handling shared by every model: the time-ordered train/valid/test split
 * ({@link dev.bahe.core.data.TimeSplitter}) and seeded mini-batches ({@link dev.bahe.core.data.MiniBatches}).
 */
package dev.bahe.core.data;
