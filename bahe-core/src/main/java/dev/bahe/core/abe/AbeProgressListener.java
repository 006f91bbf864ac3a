package dev.bahe.core.abe;

/** Receives {@link AbeProgress} from an {@link AbePipeline}, on the pipeline's thread. */
@FunctionalInterface
public interface AbeProgressListener {

  /** A listener that ignores progress. */
  AbeProgressListener NONE = progress -> {};

  void onProgress(AbeProgress progress);
}
