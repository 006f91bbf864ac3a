package dev.bahe.core.abe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.Injector;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.encoders.TinyBert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbePipelineTest {

  private static final BehaviorType LIKED = BehaviorType.of("liked");
  private static final BehaviorType SEARCH = BehaviorType.of("search");

  private static LayeredLanguageModel bert;

  @BeforeAll
  static void loadModel() {
    bert = TinyBert.create(17);
  }

  @AfterAll
  static void closeModel() {
    bert.close();
  }

  /** Hand-made: 6 behaviour records and 3 items, 5 unique texts after normalisation. */
  private static Dataset handMade() {
    UserHistory a = UserHistory.of("a", List.of(
        new Behavior(LIKED, 1, "bought: earbuds"),
        new Behavior(LIKED, 2, "bought:  earbuds "),     // same text after whitespace normalisation
        new Behavior(SEARCH, 3, "searched: matcha")));
    UserHistory b = UserHistory.of("b", List.of(
        new Behavior(LIKED, 1, "bought: earbuds"),
        new Behavior(LIKED, 2, "clicked: shoes"),
        new Behavior(SEARCH, 5, "searched:\u00a0matcha"))); // no-break space: same text
    Map<String, Item> items = Map.of(
        "i1", new Item("i1", "Wireless earbuds"),
        "i2", new Item("i2", "bought: earbuds"),             // an item text equal to a behaviour text
        "i3", new Item("i3", "\uff33hoes"));                 // fullwidth S: NFKC gives "Shoes"
    return new Dataset("hand-made", List.of(LIKED, SEARCH), items, Map.of("a", a, "b", b),
        List.of(new Impression("a", "i1", 10, 1)));
  }

  /** About 70 unique texts of varied lengths, many repeated. */
  private static Dataset larger() {
    Random r = new Random(5);
    String[] words = {"red", "wireless", "earbuds", "matcha", "latte", "running", "shoes", "near", "me", "cheap",
        "organic", "coffee", "beans", "phone", "case", "lamp"};
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      StringBuilder sb = new StringBuilder(i % 2 == 0 ? "bought:" : "searched:");
      int n = 1 + r.nextInt(6);
      for (int w = 0; w < n; w++) {
        sb.append(' ').append(words[r.nextInt(words.length)]);
      }
      pool.add(sb.toString() + " #" + i);
    }
    Map<String, UserHistory> histories = new HashMap<>();
    for (int u = 0; u < 30; u++) {
      List<Behavior> bs = new ArrayList<>();
      for (int k = 0; k < 12; k++) {
        bs.add(new Behavior(k % 2 == 0 ? LIKED : SEARCH, k, pool.get(r.nextInt(pool.size()))));
      }
      histories.put("u" + u, UserHistory.of("u" + u, bs));
    }
    Map<String, Item> items = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      items.put("i" + i, new Item("i" + i, "item title " + words[i] + " " + i));
    }
    return new Dataset("larger", List.of(LIKED, SEARCH), items, histories, List.of());
  }

  @Test
  void reportsDedupeNumbersOfAHandMadeDataset() {
    Injector inj = AbeFixtures.injector("memory");
    AbeFixtures.CountingEncoder enc = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    try (BehaviorStore store = AbeFixtures.openStore(inj, "memory", null, enc.identity())) {
      List<AbeProgress> progress = new ArrayList<>();
      AbeReport report = AbePipeline.builder().setEncoder(enc).setStore(store).optBatchSize(2)
          .optFlushEveryBatches(1).optProgressListener(progress::add).build().run(handMade());
      assertThat(report.uniqueBehaviors()).isEqualTo(5);
      assertThat(report.occurrences()).isEqualTo(9);
      assertThat(report.dedupeRatio()).isEqualTo(9.0 / 5);
      assertThat(report.encodedNow()).isEqualTo(5);
      assertThat(report.skippedAlreadyStored()).isZero();
      assertThat(report.batches()).isEqualTo(3);
      assertThat(report.complete()).isTrue();
      assertThat(report.behaviorsPerSecond()).isPositive();
      assertThat(store.size()).isEqualTo(5);
      assertThat(enc.texts).containsExactlyInAnyOrder("bought: earbuds", "searched: matcha", "clicked: shoes",
          "Wireless earbuds", "Shoes");
      // batches are sorted by length: the shortest texts go first
      assertThat(enc.texts.get(0)).isEqualTo("Shoes");
      assertThat(store.text(BehaviorKeys.key("bought:  earbuds "))).contains("bought: earbuds");
      assertThat(progress).hasSize(3);
      assertThat(progress.get(2).encoded()).isEqualTo(5);
      assertThat(progress.get(2).etaSeconds()).isZero();
      // the stored vector is the encoder's vector for that text. The pipeline encoded it in a batch of two (with
      // "Shoes") and the direct call is a batch of one: GEMM kernels and blockings depend on the batch shape (and
      // the CPU), so the two agree to float rounding only; 1e-5 is far above those few ulps of O(1) pooled states
      // and far below the distance to any other text's vector.
      float[] direct = enc.delegate.encode(List.of("clicked: shoes"));
      assertThat(store.get(BehaviorKeys.key("clicked: shoes")).orElseThrow()).containsExactly(direct, within(1e-5f));

      // a second run finds everything stored and encodes nothing
      int calls = enc.calls;
      AbeReport again = AbePipeline.builder().setEncoder(enc).setStore(store).build().run(handMade());
      assertThat(again.encodedNow()).isZero();
      assertThat(again.skippedAlreadyStored()).isEqualTo(5);
      assertThat(again.complete()).isTrue();
      assertThat(enc.calls).isEqualTo(calls);
    }
  }

  @Test
  void stoppedAndRestartedRunEqualsAnUninterruptedRunAndEncodesNothingTwice(@TempDir Path dir) {
    Injector inj = AbeFixtures.injector("file");
    Dataset data = larger();
    BehaviorCorpus corpus = BehaviorCorpus.scan(data);
    assertThat(corpus.size()).isGreaterThan(50);

    AbeFixtures.CountingEncoder full = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    EncoderIdentity id = full.identity();
    try (BehaviorStore store = AbeFixtures.openStore(inj, "file", dir.resolve("full"), id)) {
      AbeReport r = AbePipeline.builder().setEncoder(full).setStore(store).optBatchSize(8).optFlushEveryBatches(2)
          .build().run(data);
      assertThat(r.encodedNow()).isEqualTo(corpus.size());
      assertThat(r.complete()).isTrue();
    }

    AbeFixtures.CountingEncoder parts = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    try (BehaviorStore store = AbeFixtures.openStore(inj, "file", dir.resolve("resumed"), id)) {
      AbeReport first = AbePipeline.builder().setEncoder(parts).setStore(store).optBatchSize(8)
          .optFlushEveryBatches(2).optStopAfterBatches(3).build().run(data);
      assertThat(first.complete()).isFalse();
      assertThat(first.batches()).isEqualTo(3);
      assertThat(first.encodedNow()).isEqualTo(24);
    }
    try (BehaviorStore store = AbeFixtures.openStore(inj, "file", dir.resolve("resumed"), id)) {
      assertThat(store.size()).isEqualTo(24);
      AbeReport second = AbePipeline.builder().setEncoder(parts).setStore(store).optBatchSize(8)
          .optFlushEveryBatches(2).build().run(data);
      assertThat(second.skippedAlreadyStored()).isEqualTo(24);
      assertThat(second.encodedNow()).isEqualTo(corpus.size() - 24);
      assertThat(second.complete()).isTrue();
    }
    assertThat(parts.texts).hasSize(corpus.size()).doesNotHaveDuplicates();
    assertThat(parts.texts).containsExactlyElementsOf(full.texts);

    try (BehaviorStore a = AbeFixtures.openStore(inj, "file", dir.resolve("full"), id);
        BehaviorStore b = AbeFixtures.openStore(inj, "file", dir.resolve("resumed"), id)) {
      assertStoresEqual(a, b);
    }
  }

  @Test
  void aCrashLosesOnlyTheBatchesSinceTheLastFlush(@TempDir Path dir) {
    Injector inj = AbeFixtures.injector("file");
    Dataset data = larger();
    int h = BehaviorCorpus.scan(data).size();
    AbeFixtures.CountingEncoder enc = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    EncoderIdentity id = enc.identity();
    enc.crashOnCall = 6; // batches 1-4 flushed (every 2), batch 5 written but not flushed, crash in batch 6
    try (BehaviorStore store = AbeFixtures.openStore(inj, "file", dir.resolve("s"), id)) {
      AbePipeline pipeline = AbePipeline.builder().setEncoder(enc).setStore(store).optBatchSize(8)
          .optFlushEveryBatches(2).build();
      assertThatThrownBy(() -> pipeline.run(data)).hasMessageContaining("simulated crash");
    }
    List<String> beforeCrash = new ArrayList<>(enc.texts);
    assertThat(beforeCrash).hasSize(40);
    enc.crashOnCall = 0;
    enc.texts.clear();
    try (BehaviorStore store = AbeFixtures.openStore(inj, "file", dir.resolve("s"), id)) {
      assertThat(store.size()).isEqualTo(32);
      AbeReport r = AbePipeline.builder().setEncoder(enc).setStore(store).optBatchSize(8).optFlushEveryBatches(2)
          .build().run(data);
      assertThat(r.skippedAlreadyStored()).isEqualTo(32);
      assertThat(r.encodedNow()).isEqualTo(h - 32);
      assertThat(store.size()).isEqualTo(h);
    }
    // only the unflushed 5th batch is encoded again; the 32 flushed texts never are
    List<String> again = new ArrayList<>(enc.texts);
    again.retainAll(beforeCrash);
    assertThat(again).containsExactlyElementsOf(beforeCrash.subList(32, 40));
  }

  @Test
  void refusesAStoreWrittenByAnotherEncoder() {
    Injector inj = AbeFixtures.injector("memory");
    AbeFixtures.CountingEncoder enc = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    EncoderIdentity other = new EncoderIdentity("other-model", "00", 1, "mean", enc.dimension(), 16);
    try (BehaviorStore store = AbeFixtures.openStore(inj, "memory", null, other)) {
      AbePipeline p = AbePipeline.builder().setEncoder(enc).setStore(store).build();
      assertThatThrownBy(() -> p.run(handMade())).isInstanceOf(MetadataMismatchException.class)
          .hasMessageContaining("modelName");
      assertThat(enc.calls).isZero();
    }
  }

  @Test
  void capsPaddedTokensPerBatchAndSortsByTokenLength() {
    Injector inj = AbeFixtures.injector("memory");
    AbeFixtures.CountingEncoder enc = new AbeFixtures.CountingEncoder(AbeFixtures.encoder(inj, bert));
    try (BehaviorStore store = AbeFixtures.openStore(inj, "memory", null, enc.identity())) {
      AbeReport r = AbePipeline.builder().setEncoder(enc).setStore(store).optBatchSize(100)
          .optMaxTokensPerBatch(40).optTokenizer(bert.tokenizer()).build().run(larger());
      assertThat(r.complete()).isTrue();
      assertThat(r.batches()).isEqualTo(enc.batches.size()).isGreaterThan(5);
      assertThat(new HashSet<>(enc.texts)).hasSize(r.uniqueBehaviors());
      int previousMax = 0;
      for (List<String> batch : enc.batches) {
        int max = batch.stream().mapToInt(t -> bert.tokenizer().countTokens(t)).max().orElseThrow();
        int min = batch.stream().mapToInt(t -> bert.tokenizer().countTokens(t)).min().orElseThrow();
        assertThat(max * batch.size()).as("padded tokens of %s", batch).isLessThanOrEqualTo(40);
        assertThat(min).isGreaterThanOrEqualTo(previousMax);
        previousMax = max;
      }
    }
  }

  /**
   * Bit for bit: a resumed run encodes the remaining texts in exactly the batches of the uninterrupted run (same
   * order, batch boundaries on the stopped batches), so every vector comes from an identical encoder call.
   */
  private static void assertStoresEqual(BehaviorStore a, BehaviorStore b) {
    List<Long> keysA = new ArrayList<>();
    a.forEachKey(keysA::add);
    List<Long> keysB = new ArrayList<>();
    b.forEachKey(keysB::add);
    assertThat(new HashSet<>(keysB)).isEqualTo(new HashSet<>(keysA));
    for (long k : keysA) {
      float[] va = a.get(k).orElseThrow();
      float[] vb = b.get(k).orElseThrow();
      int[] bitsA = new int[va.length];
      int[] bitsB = new int[vb.length];
      for (int i = 0; i < va.length; i++) {
        bitsA[i] = Float.floatToRawIntBits(va[i]);
        bitsB[i] = Float.floatToRawIntBits(vb[i]);
      }
      assertThat(bitsB).as("vector of key %x", k).isEqualTo(bitsA);
      assertThat(b.text(k)).isEqualTo(a.text(k));
    }
  }
}
