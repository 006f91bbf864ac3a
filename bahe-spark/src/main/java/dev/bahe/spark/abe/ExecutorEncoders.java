package dev.bahe.spark.abe;

import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.encoders.OnnxEncoders;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen lower part on an executor: one ONNX Runtime session per executor JVM and encoder configuration,
 * created lazily by the first task that needs it and shared by the JVM's concurrent tasks (sessions are
 * thread-safe). Its intra-op pool is the task's core count ({@code spark.task.cpus}), inter-op one thread, so
 * {@code N} concurrent tasks use {@code N x task.cpus} cores. Sessions live as long as the JVM.
 */
final class ExecutorEncoders {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEncoders.class);
  private static final Map<Key, BehaviorEncoder> OPEN = new HashMap<>();

  private ExecutorEncoders() {}

  static synchronized BehaviorEncoder get(EncoderSpec spec, int taskCpus) {
    return OPEN.computeIfAbsent(new Key(spec, taskCpus), k -> {
      LOG.info("opening the ABE encoder on this executor: {} split {} {} K={}, {} intra-op thread(s)",
          spec.backboneName(), spec.splitLayer(), spec.pooling(), spec.maxTokens(), taskCpus);
      return OnnxEncoders.open(spec.backboneHere(), spec.encoder(), taskCpus);
    });
  }

  private record Key(EncoderSpec spec, int threads) {}
}
