package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Builds one variant's block input for a batch from the shared behaviour selection: the six encoder arrays
 * described in {@link TextCtrModel} (the model adds the per-type behaviour shares). One array of each kind per
 * batch, filled from one Java array; never one NDArray per sample.
 */
interface FeatureBuilder {

  /**
   * @param samples the batch
   * @param selections the behaviours of each sample, same order
   * @param manager owner of the returned arrays
   */
  NDList build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager);
}
