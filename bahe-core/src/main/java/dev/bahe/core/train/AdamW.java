package dev.bahe.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization") with a learning rate per parameter
 * group:
 *
 * <pre>
 *   g ← s·g  (s: the clipping scale)
 *   m ← β1·m + (1-β1)·g          v ← β2·v + (1-β2)·g²
 *   m̂ = m / (1-β1^t)             v̂ = v / (1-β2^t)
 *   w ← w·(1 - lr·λ) - lr·m̂ / (√v̂ + ε)      (λ only for decayed parameters)
 * </pre>
 *
 * <p>Each parameter is updated by one fused in-place call of the engine ({@code NDArrayEx#adamUpdate}, PyTorch's
 * native AdamW), not by a dozen NDArray operations with a temporary each: the update of a training step is
 * memory-bound, so passes over the parameters and JNI calls are what it costs. The engine's form is
 * {@code w ← w - lr·√(1-β2^t)/(1-β1^t) · m / (√v + ε')}, which is the form above exactly when
 * {@code ε' = ε·√(1-β2^t)}; that is what it is given. The gradient is read, never written, except that the engine
 * zeroes the gradient attached to each updated parameter.
 *
 * <p>Updates never enter autograd whatever the thread's grad mode. A parameter whose learning rate is exactly 0
 * is left untouched (bit-identical), its moments included. The moment arrays live in a manager owned by this
 * object. Not thread-safe.
 */
final class AdamW implements AutoCloseable {

  /** The engine's element-wise gradient clipping, off: clipping is by global norm, through the scale. */
  private static final float NO_CLIPPING = -1f;

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final NDManager stateManager;
  private final Map<TrainableParameter, NDArray[]> moments = new IdentityHashMap<>();
  private long t;

  AdamW(NDManager parent, double weightDecay) {
    this(parent, 0.9f, 0.999f, 1e-8f, (float) weightDecay);
  }

  AdamW(NDManager parent, float beta1, float beta2, float epsilon, float weightDecay) {
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.stateManager = parent.newSubManager();
  }

  /**
   * One update of every parameter with its (already averaged) gradient times {@code gradScale}.
   *
   * <p>Afterwards the gradient attached to every updated parameter is zero (the engine's fused update clears
   * it); a parameter skipped for a learning rate of 0 keeps its gradient.
   *
   * @param params the parameters, in a fixed order
   * @param grads their gradients, same order; read before their parameter's gradient is cleared
   * @param gradScale the factor every gradient is multiplied by first (the global-norm clipping scale, 1 for none)
   * @param backboneLr learning rate of backbone parameters
   * @param headLr learning rate of all others
   */
  void step(List<TrainableParameter> params, List<NDArray> grads, double gradScale, double backboneLr,
      double headLr) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float engineEpsilon = (float) (epsilon * Math.sqrt(c2));
    for (int i = 0; i < params.size(); i++) {
      TrainableParameter p = params.get(i);
      double lr = p.backbone() ? backboneLr : headLr;
      if (lr == 0) {
        continue;
      }
      NDArray g = grads.get(i);
      NDArray[] mv = moments.computeIfAbsent(p, k -> newMoments(g));
      NDArray w = p.parameter().getArray();
      boolean decay = p.decay() && weightDecay > 0;
      // adamw = false with λ = 0 adds 0·w to the gradient copy: one pass, where the decoupled form takes three
      w.getNDArrayInternal().adamUpdate(new NDList(w, g, mv[0], mv[1]), new NDList(w), (float) lr,
          (float) (lr * Math.sqrt(c2) / c1), decay ? weightDecay : 0f, (float) gradScale, NO_CLIPPING, beta1, beta2,
          engineEpsilon, false, decay);
    }
  }

  private NDArray[] newMoments(NDArray like) {
    NDArray m = stateManager.zeros(like.getShape(), like.getDataType());
    NDArray v = stateManager.zeros(like.getShape(), like.getDataType());
    NDScope.unregister(m, v);
    return new NDArray[] {m, v};
  }

  /** Steps taken. */
  long steps() {
    return t;
  }

  /**
   * The step count and every moment array, bit-exact, for a resumable training state: per parameter of
   * {@code params} (in that order) whether it has moments yet and, if so, {@code m} and {@code v}.
   */
  byte[] saveState(List<TrainableParameter> params) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(t);
      out.writeInt(params.size());
      for (TrainableParameter p : params) {
        NDArray[] mv = moments.get(p);
        out.writeBoolean(mv != null);
        if (mv != null) {
          for (NDArray a : mv) {
            byte[] encoded = a.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the optimizer state", e);
    }
    return bytes.toByteArray();
  }

  /** Replaces the state by one written by {@link #saveState} for the same parameters. */
  void restoreState(List<TrainableParameter> params, byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      long steps = in.readLong();
      int n = in.readInt();
      if (n != params.size()) {
        throw new IllegalStateException("optimizer state holds " + n + " parameters, the model trains "
            + params.size());
      }
      Map<TrainableParameter, NDArray[]> restored = new IdentityHashMap<>();
      for (TrainableParameter p : params) {
        if (!in.readBoolean()) {
          continue;
        }
        NDArray[] mv = new NDArray[2];
        for (int k = 0; k < 2; k++) {
          byte[] encoded = in.readNBytes(in.readInt());
          mv[k] = stateManager.decode(encoded);
        }
        NDScope.unregister(mv);
        if (!mv[0].getShape().equals(p.parameter().getArray().getShape())) {
          throw new IllegalStateException("optimizer state of " + p.name() + " has shape " + mv[0].getShape()
              + ", the parameter " + p.parameter().getArray().getShape());
        }
        restored.put(p, mv);
      }
      moments.values().forEach(mv -> {
        mv[0].close();
        mv[1].close();
      });
      moments.clear();
      moments.putAll(restored);
      t = steps;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the optimizer state", e);
    }
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
