package dev.bahe.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.model.EncoderIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreMetadataTest {

  private static StoreMetadata metadata(String pooling, int splitLayer, String dtype) {
    return new StoreMetadata(new EncoderIdentity("all-MiniLM-L6-v2", "ab12", splitLayer, pooling, 384, 32), dtype);
  }

  @Test
  void equalMetadataHasNoDifferences() {
    assertThat(metadata("mean", 2, "float32").differences(metadata("mean", 2, "float32"))).isEmpty();
  }

  @Test
  void namesTheDifferingFieldWithBothValues() {
    assertThat(metadata("mean", 2, "float32").differences(metadata("eos", 2, "float32")))
        .containsExactly("pooling: mean != eos");
    assertThat(metadata("mean", 2, "float32").differences(metadata("mean", 4, "float32")))
        .containsExactly("splitLayer: 2 != 4");
    assertThat(metadata("mean", 2, "float32").differences(metadata("mean", 2, "float16")))
        .containsExactly("dtype: float32 != float16");
  }

  @Test
  void everyDifferingFieldIsListed() {
    StoreMetadata a = metadata("mean", 2, "float32");
    StoreMetadata b = new StoreMetadata(new EncoderIdentity("bge-small", "ff00", 3, "eos", 512, 16), "float16");
    List<String> diffs = a.differences(b);
    assertThat(diffs).containsExactly(
        "modelName: all-MiniLM-L6-v2 != bge-small",
        "weightsChecksum: ab12 != ff00",
        "splitLayer: 2 != 3",
        "pooling: mean != eos",
        "dimension: 384 != 512",
        "maxTokens: 32 != 16",
        "dtype: float32 != float16");
    assertThat(a.dimension()).isEqualTo(384);
  }

  @Test
  void mismatchExceptionCarriesTheDifferences() {
    List<String> diffs = metadata("mean", 2, "float32").differences(metadata("eos", 2, "float32"));
    MetadataMismatchException e = new MetadataMismatchException("/tmp/store", diffs);
    assertThat(e.differences()).isEqualTo(diffs);
    assertThat(e).hasMessageContaining("/tmp/store").hasMessageContaining("pooling: mean != eos");
  }
}
