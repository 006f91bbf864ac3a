package dev.bahe.spark.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.store.StoreMetadata;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring model on an executor: one per executor JVM and {@link ScoringSpec}, opened lazily by the first task
 * that needs it and shared by the JVM's concurrent tasks; it lives as long as the JVM.
 *
 * <p>The upper layers run on DJL's PyTorch engine, offline, with the native library bundled in the job
 * ({@code pytorch-native-cpu}). Before the engine starts, its intra-op pool is set to the task's core count
 * ({@code spark.task.cpus}) and the inter-op pool to one thread, unless the executor's JVM options set them
 * ({@code -Dai.djl.pytorch.num_threads}, {@code -Dai.djl.pytorch.num_interop_threads}); so {@code N} concurrent
 * tasks use {@code N x task.cpus} cores. PyTorch's pools are per process: the first setting in a JVM holds.
 */
final class ExecutorModels {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<ScoringSpec, ScoringModel> OPEN = new HashMap<>();

  private ExecutorModels() {}

  static synchronized ScoringModel get(ScoringSpec spec, int taskCpus) {
    return OPEN.computeIfAbsent(spec, s -> {
      setIfAbsent("ai.djl.offline", "true");
      setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, taskCpus)));
      setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
      LOG.info("opening the scoring model on this executor: checkpoint {}, PyTorch intra-op threads {}",
          s.checkpointName(), System.getProperty("ai.djl.pytorch.num_threads"));
      return ScoringModel.open(s.checkpointHere().toPath(), s.backboneHere(), s.types(), metadata(s));
    });
  }

  private static StoreMetadata metadata(ScoringSpec spec) {
    try {
      return JSON.readValue(spec.metadataJson(), StoreMetadata.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read the ABE table's metadata " + spec.metadataJson(), e);
    }
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
