package dev.bahe.examples.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One text model at one text length trained with several training seeds and otherwise the same configuration: its
 * test AUC per seed, their mean and their sample standard deviation. A headline row is such a mean ± sd, because
 * one seed cannot decide a difference of a few thousandths of AUC.
 *
 * @param variant the variant
 * @param textLength its text length {@code T}
 * @param seeds the training seeds ({@code training.seed}), in the order of the outputs they came from
 * @param aucs the test AUC of each seed, same order
 */
public record SeedReplicates(
    @JsonProperty("variant") String variant,
    @JsonProperty("text_length") int textLength,
    @JsonProperty("seeds") List<Long> seeds,
    @JsonProperty("aucs") List<Double> aucs) {

  public SeedReplicates {
    Objects.requireNonNull(variant, "variant");
    seeds = List.copyOf(seeds);
    aucs = List.copyOf(aucs);
    if (seeds.size() != aucs.size() || seeds.size() < 2) {
      throw new IllegalArgumentException("replicates need two or more seeds, each with its AUC: " + seeds + ", "
          + aucs);
    }
  }

  /** The mean test AUC over the seeds. */
  @JsonProperty("mean_auc")
  public double meanAuc() {
    return aucs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** The sample standard deviation of the test AUC over the seeds (n − 1 in the denominator). */
  @JsonProperty("sd_auc")
  public double sdAuc() {
    double mean = meanAuc();
    double squares = aucs.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum();
    return Math.sqrt(squares / (aucs.size() - 1));
  }

  /** Whether this is {@code variant} at {@code textLength}. */
  boolean is(String otherVariant, int otherLength) {
    return variant.equals(otherVariant) && textLength == otherLength;
  }
}
