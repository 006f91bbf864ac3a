package dev.bahe.encoders;

import java.util.Random;

/**
 * Random BERT weights, reproducible from a seed: LayerNorm weights 1, biases and LayerNorm biases 0, every other
 * tensor N(0, 0.02²) drawn from a generator seeded by the seed and the tensor name.
 */
final class RandomBertTensors implements NamedTensors {

  private final long seed;

  RandomBertTensors(long seed) {
    this.seed = seed;
  }

  @Override
  public String source() {
    return "random BERT weights (seed " + seed + ")";
  }

  @Override
  public boolean contains(String name) {
    return true;
  }

  @Override
  public float[] get(String name, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    if (name.endsWith("LayerNorm.weight")) {
      java.util.Arrays.fill(v, 1f);
    } else if (!name.endsWith(".bias")) {
      Random r = new Random(seed * 1_000_003L + name.hashCode());
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.02);
      }
    }
    return v;
  }
}
