/**
 * Online scoring over a trained {@link dev.bahe.core.model.TextCtrModel}, through the training feature path:
 * {@link dev.bahe.core.serve.ClickPredictor}.
 */
package dev.bahe.core.serve;
