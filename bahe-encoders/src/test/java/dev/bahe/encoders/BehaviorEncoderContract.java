package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link BehaviorEncoder} on all-MiniLM-L6-v2: each factory's test extends this class. The
 * reference is computed directly: {@code lower(k)} on one text at a time (no padding), then pooling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BehaviorEncoderContract {

  protected abstract BehaviorEncoderFactory factory();

  protected LayeredLanguageModel model;

  @BeforeAll
  void open() {
    model = Backbones.miniLm();
  }

  @AfterAll
  void closeModel() {
    model.close();
  }

  protected BehaviorEncoder encoder(int k, String pooling, int maxTokensPerBatch) {
    return factory().create(model, Poolings.byName(pooling), pooling,
        new EncoderOptions("x", k, pooling, 32, maxTokensPerBatch));
  }

  /** Pooled {@code lower(k)} of each text alone. */
  protected float[] reference(List<String> texts, int k, String pooling) {
    int d = model.descriptor().hiddenSize();
    float[] out = new float[texts.size() * d];
    for (int i = 0; i < texts.size(); i++) {
      TokenizedBatch one = model.tokenizer().encode(List.of(texts.get(i)), 32);
      try (NDManager m = model.manager().newSubManager()) {
        NDArray h = TestTexts.forward(model.lower(k), m, one.toNDList(m));
        System.arraycopy(Poolings.byName(pooling).pool(h, one.maskArray(m)).toFloatArray(), 0, out, i * d, d);
      }
    }
    return out;
  }

  @Test
  void vectorsComeBackInInputOrderAndMatchUnbatchedReference() {
    try (BehaviorEncoder enc = encoder(3, "mean", 64)) { // small cap: several batches
      float[] got = enc.encode(TestTexts.SENTENCES);
      assertThat(got).hasSize(TestTexts.SENTENCES.size() * 384);
      assertThat(got).containsExactly(reference(TestTexts.SENTENCES, 3, "mean"), within(1e-4f));
    }
  }

  @Test
  void batchingDoesNotChangeVectors() {
    List<String> shuffled = new ArrayList<>(TestTexts.SENTENCES);
    Collections.shuffle(shuffled, new Random(3));
    try (BehaviorEncoder small = encoder(2, "eos", 32); BehaviorEncoder big = encoder(2, "eos", 4096)) {
      float[] a = small.encode(shuffled);
      float[] b = big.encode(shuffled);
      assertThat(a).containsExactly(b, within(1e-4f));
      float[] original = big.encode(TestTexts.SENTENCES);
      int d = 384;
      int j = shuffled.indexOf(TestTexts.SENTENCES.get(0));
      for (int c = 0; c < d; c++) {
        assertThat(b[j * d + c]).isCloseTo(original[c], within(1e-4f));
      }
    }
  }

  @Test
  void identityRecordsWhatDeterminesTheVectors() {
    try (BehaviorEncoder enc = encoder(4, "max", 256)) {
      assertThat(enc.identity().modelName()).isEqualTo("all-MiniLM-L6-v2");
      assertThat(enc.identity().splitLayer()).isEqualTo(4);
      assertThat(enc.identity().pooling()).isEqualTo("max");
      assertThat(enc.identity().dimension()).isEqualTo(384);
      assertThat(enc.identity().maxTokens()).isEqualTo(32);
      assertThat(enc.identity().weightsChecksum()).isEqualTo(model.descriptor().weightsChecksum());
      assertThat(enc.encode(List.of())).isEmpty();
    }
  }

  @Test
  void splitLayerOutOfRangeIsRejected() {
    assertThatThrownBy(() -> encoder(7, "mean", 256)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..6");
  }
}
