package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code bahe train} (BAHE with a tiny random BERT, synthetic data, head dropout on) in a child JVM
 * twice, mid-epoch at random points after a few saves of the training state, and continues it each time with
 * {@code --resume}. The resumed run ends with the same validation AUC, test AUC, losses, steps and best epoch, bit
 * for bit, as an uninterrupted run with the same settings (one PyTorch thread). The kills survived are written to
 * {@code target/reliability/kill-train.json}.
 */
@Tag("slow")
class TrainKillResumeTest {

  private static final int KILLS = 2;

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private List<String> train(String output, boolean resume, Path jsonFile) {
    List<String> args = new ArrayList<>(List.of("train", "--variant", "bahe", "--epochs", "2",
        "--batch-size", "8", "--max-train-samples", "320", "--checkpoint-every", "7",
        "--output", dir.resolve(output).toString()));
    for (String o : List.of("backbone.name=tiny-bert", "encoder.name=djl", "data.source=synthetic",
        "data.syntheticUsers=100", "data.syntheticItems=40", "sequence.maxBehaviorsPerType=4",
        "sequence.textLength=96", "training.patience=0", "store.path=" + dir.resolve("store"))) {
      args.add("--set");
      args.add(o);
    }
    if (resume) {
      args.add("--resume");
    }
    if (jsonFile != null) {
      args.addAll(List.of("--json", jsonFile.toString()));
    }
    return args;
  }

  @Test
  void killedTrainingResumesToTheUninterruptedResult() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Path log = dir.resolve("children.log");
    Path referenceJson = dir.resolve("reference.json");
    assertThat(CliProcess.run(train("reference", false, referenceJson), log)).as("uninterrupted:\n%s", CliProcess.tail(log, 40))
        .isZero();
    JsonNode reference = json.readTree(referenceJson.toFile()).at("/result");
    long steps = reference.at("/training/steps").asLong();
    assertThat(steps).isEqualTo(80);

    Path state = dir.resolve("killed").resolve("resume").resolve("training.state");
    int survived = 0;
    for (int k = 0; k < KILLS; k++) {
      int saves = 2 + random.nextInt(4);
      long delay = random.nextLong(150);
      String context = String.format("seed %d, kill %d after %d state saves + %d ms", seed, k, saves, delay);
      boolean killed = CliProcess.killAfter(train("killed", k > 0, null), log,
          line -> line.contains("saved training state at step"), saves, delay);
      assertThat(killed).as("%s: still training when killed (log %s)", context, log).isTrue();
      assertThat(state).as(context).exists();
      survived++;
    }
    Path resumedJson = dir.resolve("resumed.json");
    assertThat(CliProcess.run(train("killed", true, resumedJson), log)).as("resumed:\n%s", CliProcess.tail(log, 40)).isZero();
    JsonNode resumed = json.readTree(resumedJson.toFile()).at("/result");
    String logText = Files.readString(log);
    assertThat(logText).contains("resuming training of");

    assertThat(resumed.at("/training/resumedFromStep").asLong()).as("seed %d", seed).isPositive()
        .isLessThan(steps);
    assertThat(resumed.at("/training/steps").asLong()).isEqualTo(steps);
    assertThat(resumed.at("/training/bestEpoch").asInt()).isEqualTo(reference.at("/training/bestEpoch").asInt());
    // bit for bit: parameters, optimizer moments, schedule, data order and each step's random stream are
    // restored exactly, and the cached token states depend on the text alone, not on the batch that met it first
    // (a resume that lost any of these is off by orders of magnitude more than the last bit)
    for (String figure : List.of("/training/bestValidAuc", "/test/auc", "/training/finalTrainLoss",
        "/test/logLoss")) {
      assertThat(resumed.at(figure).asDouble()).as("%s, seed %d", figure, seed)
          .isEqualTo(reference.at(figure).asDouble());
    }
    assertThat(state).as("a finished run leaves no training state").doesNotExist();
    CliFigures.record("kill-train", Map.of("kills", KILLS, "survived", survived, "steps", steps,
        "resumedFromStep", resumed.at("/training/resumedFromStep").asLong(),
        "validAucUninterrupted", reference.at("/training/bestValidAuc").asDouble(),
        "validAucResumed", resumed.at("/training/bestValidAuc").asDouble(),
        "trainLossUninterrupted", reference.at("/training/finalTrainLoss").asDouble(),
        "trainLossResumed", resumed.at("/training/finalTrainLoss").asDouble()));
  }
}
