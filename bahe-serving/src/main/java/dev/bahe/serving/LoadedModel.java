package dev.bahe.serving;

import dev.bahe.api.data.Dataset;
import dev.bahe.core.model.TextCtrModel;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A checkpoint opened for serving, before warm-up: the model with its parameters loaded, the catalogue it scores
 * (items by id, behaviour types, the users' recorded histories), a version string for responses, and what to close
 * when the model is retired.
 *
 * @param model the click model, parameters loaded
 * @param catalogue items, types and recorded histories
 * @param version the model version reported with every score (e.g. variant, epoch and parameter checksum)
 * @param storeSize the number of vectors in the behaviour store, for metrics (0 without a store)
 * @param resources closed, after the model, when the model is retired (session, store, backbone ...)
 */
public record LoadedModel(TextCtrModel model, Dataset catalogue, String version, LongSupplier storeSize,
    AutoCloseable resources) {

  public LoadedModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(catalogue, "catalogue");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(storeSize, "storeSize");
    Objects.requireNonNull(resources, "resources");
  }
}
