package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.model.Variant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration {@link ExperimentRunner} hands each run's JVM: the base overrides, then the output folder,
 * then the run's own overrides, then its text length (no JVM is started here).
 */
class ExperimentRunnerConfigTest {

  @TempDir
  Path dir;

  private ExperimentRunner runner(List<String> baseOverrides) {
    return new ExperimentRunner(null, baseOverrides,
        new ExperimentRunner.Settings(dir, "1g", 5, EvalBudget.both(100), false));
  }

  @Test
  void aRunsOverridesAndTextLengthWinOverTheBaseOverrides() {
    ExperimentRunner runner = runner(List.of("variant=fp", "pooling=max", "sequence.textLength=96"));

    ExperimentConfig config = runner.configOf(ExperimentPlans.pooling(List.of("eos"), 256, List.of()).get(0));

    assertThat(config.variant()).isEqualTo(Variant.BAHE);
    assertThat(config.pooling()).isEqualTo("eos");
    assertThat(config.encoder().pooling()).isEqualTo("eos");
    assertThat(config.sequence().textLength()).isEqualTo(256);
  }

  @Test
  void everyRunWritesIntoTheExperimentsOutputFolder() {
    ExperimentRunner runner = runner(List.of("output=elsewhere"));

    ExperimentConfig config = runner.configOf(new PlannedRun("llm-ctr", 128, List.of("variant=llm-ctr")));

    assertThat(Path.of(config.output())).isEqualTo(dir);
    assertThat(config.variant()).isEqualTo(Variant.LLM_CTR);
  }

  @Test
  void aBaselineKeepsTheBaseConfigurationAndItsTrainingBudget() {
    ExperimentRunner runner = runner(List.of("sequence.textLength=96", "training.epochs=1",
        "training.maxTrainSamples=500"));

    for (PlannedRun baseline : List.of(PlannedRun.stats(), PlannedRun.idOnlyDnn(), PlannedRun.productionDnn())) {
      ExperimentConfig config = runner.configOf(baseline);

      assertThat(config.sequence().textLength()).isEqualTo(96);
      assertThat(config.training().epochs()).isEqualTo(1);
      assertThat(config.training().maxTrainSamples()).isEqualTo(500);
    }
  }
}
