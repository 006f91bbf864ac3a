package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Impression;
import dev.bahe.core.config.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped mid-epoch and resumed from its training state ends exactly where the uninterrupted run ends:
 * same parameters bit for bit, same validation AUC, same steps; with dropout, so the random stream matters.
 */
class TrainerResumeTest {

  @TempDir
  Path dir;

  private final Synthetic.Data data = Synthetic.separable(600, 0.4, 3);
  private final List<Impression> train = data.impressions().subList(0, 400);
  private final List<Impression> valid = data.impressions().subList(400, 600);

  /** 20 steps per epoch, 3 epochs, no early stopping. */
  private static TrainingOptions options(int epochs) {
    return new TrainingOptions(20, 10, epochs, 1e-2, 1e-2, 0.01, 5, 1.0, 0, 7, 0, 0, 0);
  }

  private FeatureModel model() {
    return new FeatureModel(data::features, 4, 16, 3, 0.3f);
  }

  private static final class Crash extends RuntimeException {
    Crash(long step) {
      super("stopped at step " + step);
    }
  }

  private static TrainingListener crashAt(long step) {
    return new TrainingListener() {
      @Override
      public void onStep(StepProgress p) {
        if (p.step() == step) {
          throw new Crash(step);
        }
      }
    };
  }

  @Test
  void aRunStoppedMidEpochAndResumedEndsExactlyLikeAnUninterruptedOne() {
    Path uninterrupted = dir.resolve("a.state");
    TrainingResult expected;
    byte[] expectedParams;
    try (FeatureModel m = model()) {
      expected = Trainer.builder().setOptions(options(3)).optResumeFile(uninterrupted).optCheckpointEverySteps(7)
          .build().fit(m, train, valid);
      expectedParams = Checkpoints.saveParameters(m);
    }
    assertThat(uninterrupted).as("a finished run leaves no state").doesNotExist();
    assertThat(expected.resumedFromStep()).isZero();

    Path state = dir.resolve("b.state");
    try (FeatureModel m = model()) {
      // step 30 is in epoch 2; the last save was at step 28 (every 7 steps), the one before at the end of epoch 1
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(3)).optResumeFile(state)
          .optCheckpointEverySteps(7).optListener(crashAt(30)).build().fit(m, train, valid))
          .isInstanceOf(Crash.class);
    }
    assertThat(state).exists();
    try (FeatureModel m = model()) {
      TrainingResult resumed = Trainer.builder().setOptions(options(3)).optResumeFile(state)
          .optCheckpointEverySteps(7).build().fit(m, train, valid);
      assertThat(resumed.resumedFromStep()).isEqualTo(28);
      assertThat(resumed.steps()).isEqualTo(expected.steps()).isEqualTo(60);
      assertThat(resumed.bestEpoch()).isEqualTo(expected.bestEpoch());
      assertThat(resumed.bestValidAuc()).isEqualTo(expected.bestValidAuc());
      assertThat(resumed.finalTrainLoss()).isEqualTo(expected.finalTrainLoss());
      assertThat(Checkpoints.saveParameters(m)).as("parameters, bit for bit").isEqualTo(expectedParams);
    }
    assertThat(state).doesNotExist();
  }

  @Test
  void aRunResumedAfterAnEpochEndRedoesNothing() {
    Path state = dir.resolve("c.state");
    try (FeatureModel m = model()) {
      // checkpoints only at epoch ends; the crash at step 25 falls back to the end of epoch 1
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(2)).optResumeFile(state)
          .optCheckpointEverySteps(0).optListener(crashAt(25)).build().fit(m, train, valid))
          .isInstanceOf(Crash.class);
    }
    TrainingResult expected;
    try (FeatureModel m = model()) {
      expected = Trainer.builder().setOptions(options(2)).build().fit(m, train, valid);
    }
    try (FeatureModel m = model()) {
      TrainingResult resumed = Trainer.builder().setOptions(options(2)).optResumeFile(state).build()
          .fit(m, train, valid);
      assertThat(resumed.resumedFromStep()).isEqualTo(20);
      assertThat(resumed.bestValidAuc()).isEqualTo(expected.bestValidAuc());
      assertThat(resumed.bestEpoch()).isEqualTo(expected.bestEpoch());
    }
  }

  @Test
  void earlyStoppingHappensAtTheSameEpochAfterAResume() {
    // patience 1 over 12 epochs at a high learning rate: validation AUC stops improving well before the end
    TrainingOptions o = new TrainingOptions(20, 0, 12, 0.3, 0.3, 0.0, 0, 0, 1, 7, 0, 0, 0);
    TrainingResult expected;
    try (FeatureModel m = model()) {
      expected = Trainer.builder().setOptions(o).build().fit(m, train, valid);
    }
    assertThat(expected.stoppedEarly()).isTrue();
    Path state = dir.resolve("e.state");
    long crash = (expected.epochsRun() - 1) * 20L + 3;
    try (FeatureModel m = model()) {
      assertThatThrownBy(() -> Trainer.builder().setOptions(o).optResumeFile(state).optCheckpointEverySteps(2)
          .optListener(crashAt(crash)).build().fit(m, train, valid)).isInstanceOf(Crash.class);
    }
    try (FeatureModel m = model()) {
      TrainingResult resumed = Trainer.builder().setOptions(o).optResumeFile(state).build().fit(m, train, valid);
      assertThat(resumed.resumedFromStep()).isEqualTo(crash - 1);
      assertThat(resumed.stoppedEarly()).isTrue();
      assertThat(resumed.epochsRun()).isEqualTo(expected.epochsRun());
      assertThat(resumed.bestEpoch()).isEqualTo(expected.bestEpoch());
      assertThat(resumed.bestValidAuc()).isEqualTo(expected.bestValidAuc());
    }
  }

  @Test
  void aStateOfAnotherRunOrADamagedOneIsRefused() throws Exception {
    Path state = dir.resolve("d.state");
    try (FeatureModel m = model()) {
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(3)).optResumeFile(state)
          .optCheckpointEverySteps(5).optListener(crashAt(12)).build().fit(m, train, valid))
          .isInstanceOf(Crash.class);
    }
    try (FeatureModel m = model()) {
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(4)).optResumeFile(state).build()
          .fit(m, train, valid))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to another run")
          .hasMessageContaining(state.toString());
    }
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length / 2] ^= 1;
    Files.write(state, bytes);
    try (FeatureModel m = model()) {
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(3)).optResumeFile(state).build()
          .fit(m, train, valid))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("SHA-256");
    }
    Files.write(state, java.util.Arrays.copyOf(bytes, 100));
    try (FeatureModel m = model()) {
      assertThatThrownBy(() -> Trainer.builder().setOptions(options(3)).optResumeFile(state).build()
          .fit(m, train, valid))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be resumed");
    }
  }
}
