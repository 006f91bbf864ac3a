package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A sequence encoder of {@link CtrNetwork} that can run its user half alone: the pooled user vectors
 * {@code [R, d]} of inputs 1–3, exactly as its full forward pass computes them, without running the item
 * (inputs 4–6) through the layers. Serving computes {@code Q_u} this way once per user.
 */
interface UserSideEncoder {

  /** The pooled user vectors {@code [R, d]} of {@code inputs} (the block input; its item arrays are not read). */
  NDArray encodeUser(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params);
}
