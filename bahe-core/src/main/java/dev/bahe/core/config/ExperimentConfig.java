package dev.bahe.core.config;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.ComponentSelection;
import dev.bahe.core.model.Variant;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One experiment, as read from a YAML file with command-line overrides by {@link ConfigLoader}: which variant,
 * which components (by registry name) with their options, the data and the training schedule.
 *
 * @param variant the encoding variant of the ablation ladder
 * @param backbone the pretrained language model and its split layer
 * @param encoder the frozen lower-layer encoder used for ABE
 * @param pooling registry name of {@code F_p} applied to upper-layer outputs
 * @param reducer {@code F_d}
 * @param head {@code F_θ}
 * @param store the behaviour store
 * @param sequence text budget per sample
 * @param training optimisation settings
 * @param alignment the label-free alignment of BAHE's upper layers before click training
 * @param data data source and split
 * @param output directory for checkpoints, predictions and reports
 */
public record ExperimentConfig(
    Variant variant,
    BackboneOptions backbone,
    EncoderOptions encoder,
    String pooling,
    ReducerOptions reducer,
    HeadOptions head,
    StoreOptions store,
    SequenceOptions sequence,
    TrainingOptions training,
    AlignmentOptions alignment,
    DataOptions data,
    String output) {

  public ExperimentConfig {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(reducer, "reducer");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(sequence, "sequence");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(alignment, "alignment");
    Objects.requireNonNull(data, "data");
    output = output == null ? "" : output;
    if (encoder.splitLayer() != backbone.splitLayer()) {
      throw new IllegalArgumentException("encoder.splitLayer (" + encoder.splitLayer()
          + ") must equal backbone.splitLayer (" + backbone.splitLayer() + ")");
    }
  }

  /** Where results go when {@code output} is not set. */
  public static final String DEFAULT_OUTPUT = "bahe-output";

  /** {@code output}, or {@value #DEFAULT_OUTPUT} when it is not set. */
  public String outputOrDefault() {
    return output.isBlank() ? DEFAULT_OUTPUT : output;
  }

  /**
   * This configuration with {@code store.path} filled in when it is empty: {@code
   * <output>/store-<store>-k<split>-<pooling>-K<maxTokens>-<dtype>}. Every command derives the same path, and
   * each encoder configuration gets its own store, so changing the split layer or pooling never meets a store
   * written by another encoder.
   */
  public ExperimentConfig withDefaultStorePath() {
    if (!store.path().isBlank()) {
      return this;
    }
    String name = String.format("store-%s-k%d-%s-K%d-%s", store.name(), encoder.splitLayer(), encoder.pooling(),
        encoder.maxTokens(), store.dtype());
    StoreOptions resolved = new StoreOptions(store.name(), Path.of(outputOrDefault(), name).toString(),
        store.dtype(), store.reads());
    return new ExperimentConfig(variant, backbone, encoder, pooling, reducer, head, resolved, sequence, training,
        alignment, data, output);
  }

  /** The registry names this configuration selects. */
  public ComponentSelection selection() {
    return ComponentSelection.none()
        .with(ComponentKind.BACKBONE, backbone.name())
        .with(ComponentKind.ENCODER, encoder.name())
        .with(ComponentKind.POOLING, pooling)
        .with(ComponentKind.REDUCER, reducer.name())
        .with(ComponentKind.HEAD, head.name())
        .with(ComponentKind.STORE, store.name());
  }
}
