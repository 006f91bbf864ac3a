/**
 * Baselines without text that every experiment reports next to the text models: {@link
 * dev.bahe.core.baseline.PointInTimeCounters} (what a CTR engineer counts first: item and user positive rates,
 * behaviour counts and shares, all strictly before the impression), their {@link
 * dev.bahe.core.baseline.StandardizedCounters} form, and the {@code stats} model ({@link
 * dev.bahe.core.baseline.StatsModel}), a logistic regression on them with its counter groups chosen on the
 * validation split.
 */
package dev.bahe.core.baseline;
