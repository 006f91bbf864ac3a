/**
 * Evaluation of a {@link dev.bahe.core.model.CtrModel} in inference mode: AUC, LogLoss and GAUC as an
 * immutable {@link dev.bahe.core.eval.Evaluation}, with an optional predictions TSV.
 */
package dev.bahe.core.eval;
