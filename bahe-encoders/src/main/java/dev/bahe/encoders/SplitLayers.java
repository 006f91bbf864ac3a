package dev.bahe.encoders;

/** Validation of split layers. */
final class SplitLayers {

  private SplitLayers() {}

  static int check(int k, int numLayers, String model) {
    if (k < 0 || k > numLayers) {
      throw new IllegalArgumentException("split layer " + k + " is outside 0.." + numLayers + " for model " + model
          + " with " + numLayers + " layers");
    }
    return k;
  }
}
