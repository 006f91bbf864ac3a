/**
 * Training of any {@link dev.bahe.core.model.CtrModel}: {@link dev.bahe.core.train.Trainer} (BCE on logits,
 * AdamW with separate backbone and head learning rates, warm-up and linear decay, gradient clipping, micro-batch
 * accumulation, early stopping on validation AUC, NaN guard) and {@link dev.bahe.core.train.Checkpoints} (DJL
 * parameters + configuration YAML + provenance JSON).
 */
package dev.bahe.core.train;
