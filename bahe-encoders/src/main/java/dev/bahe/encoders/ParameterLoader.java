package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Creates already-initialised DJL parameters from named tensors, in the model's manager. */
final class ParameterLoader {

  private final NDManager manager;
  private final NamedTensors tensors;

  ParameterLoader(NDManager manager, NamedTensors tensors) {
    this.manager = manager;
    this.tensors = tensors;
  }

  /** A parameter holding tensor {@code hfName} of the given shape; named {@code localName} in its block. */
  Parameter load(String localName, String hfName, Parameter.Type type, long... shape) {
    float[] values = tensors.get(hfName, shape);
    NDArray array = manager.create(values, new Shape(shape));
    return Parameter.builder().setName(localName).setType(type).optShape(new Shape(shape)).optArray(array).build();
  }

  NamedTensors tensors() {
    return tensors;
  }
}
