package dev.bahe.encoders;

/**
 * Sizes of a BERT-family encoder.
 *
 * @param numLayers transformer layers {@code L}
 * @param hiddenSize hidden size {@code d}
 * @param numHeads attention heads ({@code d} divisible by it)
 * @param intermediateSize feed-forward size
 * @param vocabSize word embedding rows
 * @param maxPositions learned position rows
 * @param typeVocabSize token type rows
 * @param layerNormEps LayerNorm epsilon
 */
record BertConfig(int numLayers, int hiddenSize, int numHeads, int intermediateSize, int vocabSize, int maxPositions,
    int typeVocabSize, float layerNormEps) {

  BertConfig {
    if (numLayers <= 0 || hiddenSize <= 0 || numHeads <= 0 || intermediateSize <= 0 || vocabSize <= 0
        || maxPositions <= 0 || typeVocabSize <= 0) {
      throw new IllegalArgumentException("all BERT sizes must be positive: " + sizes(numLayers, hiddenSize,
          numHeads, intermediateSize, vocabSize, maxPositions, typeVocabSize));
    }
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException("hidden size " + hiddenSize + " is not divisible by " + numHeads + " heads");
    }
  }

  int headDim() {
    return hiddenSize / numHeads;
  }

  private static String sizes(int... v) {
    return java.util.Arrays.toString(v);
  }
}
