package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.InferenceScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The {@link TextCtrModel} built by {@link ModelAssembly}: shared selection, a variant's features, one network. */
final class AssembledCtrModel implements TextCtrModel {

  private final Variant variant;
  private final Dataset dataset;
  private final BehaviorSelector selector;
  private final FeatureBuilder features;
  private final TypeShareFeatures shares;
  private final HistorySummaryFeatures summary;
  private final CtrNetwork network;
  private final NDManager manager;
  private final Set<String> backboneParameters;
  private final LongSupplier lowerEncodings;
  private final Supplier<InferenceScope> inference;
  private final Item probe;
  private final AlignableUpperLayers upperLayers;

  /**
   * @param shares the per-type behaviour shares of the logit's share term, or null without one
   * @param summary the user's history summary the head reads, or null without one
   * @param upperLayers the upper layers for the alignment before training (BAHE), or null
   */
  AssembledCtrModel(Variant variant, Dataset dataset, BehaviorSelector selector, FeatureBuilder features,
      TypeShareFeatures shares, HistorySummaryFeatures summary, CtrNetwork network, NDManager manager,
      Set<String> backboneParameters, LongSupplier lowerEncodings, Supplier<InferenceScope> inference,
      AlignableUpperLayers upperLayers) {
    this.variant = variant;
    this.dataset = dataset;
    this.selector = selector;
    this.features = features;
    this.shares = shares;
    this.summary = summary;
    this.network = network;
    this.manager = manager;
    this.backboneParameters = Set.copyOf(backboneParameters);
    this.lowerEncodings = lowerEncodings;
    this.inference = inference;
    this.upperLayers = upperLayers;
    this.probe = dataset.items().values().stream().min(java.util.Comparator.comparing(Item::itemId)).orElse(null);
  }

  @Override
  public Optional<AlignableUpperLayers> alignableUpperLayers() {
    return Optional.ofNullable(upperLayers);
  }

  @Override
  public String name() {
    return variant.id();
  }

  @Override
  public Variant variant() {
    return variant;
  }

  @Override
  public List<BehaviorType> types() {
    return selector.types();
  }

  @Override
  public BehaviorSelector selector() {
    return selector;
  }

  @Override
  public int userSequences() {
    return network.userRepresentations();
  }

  @Override
  public int reducedDim() {
    return network.reducedDim();
  }

  @Override
  public Block block() {
    return network;
  }

  CtrNetwork network() {
    return network;
  }

  FeatureBuilder featureBuilder() {
    return features;
  }

  @Override
  public NDList features(List<Impression> batch, NDManager manager) {
    return sampleFeatures(samples(batch), manager);
  }

  @Override
  public NDList sampleFeatures(List<Sample> samples, NDManager manager) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("an empty batch has no features");
    }
    List<SelectedBehaviors> selections = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      selections.add(selector.select(s.history(), s.time()));
    }
    NDList input = features.build(samples, selections, manager);
    if (shares != null) {
      input.add(shares.build(samples, selections, manager));
    }
    if (summary != null) {
      input.add(summary.build(samples, manager));
    }
    return input;
  }

  @Override
  public boolean isBackboneParameter(String parameterName) {
    return backboneParameters.contains(parameterName);
  }

  @Override
  public Optional<NDList> representations(List<Impression> batch, NDManager manager) {
    return Optional.of(sampleRepresentations(samples(batch), manager));
  }

  @Override
  public NDList sampleRepresentations(List<Sample> samples, NDManager manager) {
    try (InferenceScope scope = inference()) {
      NDList input = sampleFeatures(samples, manager);
      return network.representations(new ParameterStore(manager, false), input, false, null);
    }
  }

  @Override
  public Optional<NDArray> userRepresentations(List<Impression> batch, NDManager manager) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("an empty batch has no user representations");
    }
    try (InferenceScope scope = inference()) {
      List<Sample> samples = new ArrayList<>(batch.size());
      for (Impression imp : batch) {
        samples.add(userSample(dataset.history(imp.userId()), imp.timestamp()));
      }
      return Optional.of(userHalf(samples, manager).get(0));
    }
  }

  @Override
  public Optional<float[]> factoredLogits(List<Impression> batch, int passSize, NDManager manager) {
    try (InferenceScope scope = inference()) {
      return Optional.of(new FactoredLogits(network, this, dataset).of(batch, passSize, manager));
    }
  }

  @Override
  public NDList userRepresentation(UserHistory history, long time, NDManager manager) {
    try (InferenceScope scope = inference()) {
      return userHalf(List.of(userSample(history, time)), manager);
    }
  }

  /**
   * The user half of the network alone: {@code Q_u} of every sample and, with a share term, the shares the logit
   * reads. The samples come from {@link #userSample}, so their items are never read.
   */
  NDList userHalf(List<Sample> samples, NDManager manager) {
    NDList input = sampleFeatures(samples, manager);
    NDArray qu = network.userRepresentation(new ParameterStore(manager, false), input, samples.size(), false, null);
    return network.hasShareTerm() ? new NDList(qu, input.get(network.shareInput())) : new NDList(qu);
  }

  /**
   * A sample of the user half: the features builder takes whole samples, so a stored catalogue item rides along
   * as the item input, which the user-only pass never reads (no item goes through the upper layers or the reducer).
   */
  Sample userSample(UserHistory history, long time) {
    return new Sample(history, probeItem(), time);
  }

  @Override
  public NDArray itemRepresentations(List<Item> items, NDManager manager) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no items to represent");
    }
    try (InferenceScope scope = inference()) {
      // an empty history: the user side is one padding position per sequence, its result discarded
      UserHistory nobody = UserHistory.empty("");
      List<Sample> samples = new ArrayList<>(items.size());
      for (Item item : items) {
        samples.add(new Sample(nobody, item, 0L));
      }
      NDList input = sampleFeatures(samples, manager);
      return network.representations(new ParameterStore(manager, false), input, false, null).get(1);
    }
  }

  @Override
  public NDArray userLogits(NDList user, NDArray itemRepresentations, NDManager manager) {
    long b = itemRepresentations.getShape().get(0);
    NDArray qu = user.get(0);
    NDArray shares = user.size() > 1 ? user.get(1) : null;
    try (InferenceScope scope = inference()) {
      return network.logits(new ParameterStore(manager, false), qu.broadcast(b, qu.getShape().get(1)),
          itemRepresentations, shares == null ? null : shares.broadcast(b, shares.getShape().get(1)), false, null);
    }
  }

  /** A catalogue item (the smallest id), which ABE has stored. */
  private Item probeItem() {
    if (probe == null) {
      throw new IllegalStateException("dataset " + dataset.name() + " has no items");
    }
    return probe;
  }

  @Override
  public InferenceScope inference() {
    return inference.get();
  }

  @Override
  public long lowerPartEncodings() {
    return lowerEncodings.getAsLong();
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  private List<Sample> samples(List<Impression> batch) {
    List<Sample> out = new ArrayList<>(batch.size());
    for (Impression imp : batch) {
      out.add(new Sample(dataset.history(imp.userId()), dataset.item(imp.itemId()), imp.timestamp()));
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return "TextCtrModel[" + variant + ", " + selector.types().size() + " types, d̂=" + network.reducedDim() + "]";
  }
}
