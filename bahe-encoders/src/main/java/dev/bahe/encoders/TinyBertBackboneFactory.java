package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Backbone {@code "tiny-bert"}: a random {@link TinyBert} for fast tests. {@code path} is empty or a spec such as
 * {@code "layers=4,hidden=32,heads=4,ffn=64,seed=7"} (those are the defaults; unknown keys are rejected). The
 * layer count grows to at least {@code splitLayer}.
 */
final class TinyBertBackboneFactory implements BackboneFactory {

  private static final Set<String> KEYS = Set.of("layers", "hidden", "heads", "ffn", "seed");

  @Override
  public LayeredLanguageModel load(BackboneOptions options) {
    Map<String, Long> spec = new LinkedHashMap<>(Map.of("layers", 4L, "hidden", 32L, "heads", 4L, "ffn", 64L,
        "seed", 7L));
    if (!options.path().isBlank()) {
      for (String part : options.path().split(",")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length != 2 || !KEYS.contains(kv[0].trim())) {
          throw new IllegalArgumentException("tiny-bert spec '" + options.path() + "': bad entry '" + part
              + "'; expected key=value with keys " + KEYS);
        }
        try {
          spec.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("tiny-bert spec '" + options.path() + "': '" + kv[1] + "' is not a number",
              e);
        }
      }
    }
    int layers = (int) Math.max(spec.get("layers"), options.splitLayer());
    return TinyBert.create(spec.get("seed"), layers, spec.get("hidden").intValue(), spec.get("heads").intValue(),
        spec.get("ffn").intValue());
  }
}
