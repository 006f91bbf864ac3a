/**
 * The four encodings of the ablation ladder (DESIGN §2.1) as configurations of one assembly.
 *
 * <p>Entry points: {@link dev.bahe.core.model.ModelAssembly#build} (or the injectable
 * {@link dev.bahe.core.model.ModelFactory}) gives a {@link dev.bahe.core.model.TextCtrModel}; its
 * {@link dev.bahe.core.model.BehaviorSelector} decides, once per sample and for every variant alike, which
 * behaviours are used (point-in-time, at most {@code M} per type, within {@code T / N} tokens per type). The
 * variants differ only in their features and sequence encoder; the reducer {@code F_d}, head {@code F_θ} and
 * pooling {@code F_p} are shared.
 */
package dev.bahe.core.model;
