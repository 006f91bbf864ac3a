package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentPlans;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe pooling}: BAHE with mean, EOS, CLS and max pooling (each with its own behaviour store), next to the
 * baselines without text.
 */
@Command(name = "pooling", mixinStandardHelpOptions = true,
    description = "Compare pooling functions for BAHE: each pooling builds its own store (encoder.pooling) and"
        + " pools the upper layers' outputs (pooling).")
final class PoolingCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin DataSelection data;
  @Mixin ExperimentRunOptions run;
  @Spec CommandSpec spec;

  @Option(names = "--poolings", paramLabel = "P[,P...]", split = ",", defaultValue = "mean,eos,cls,max",
      description = "Pooling functions (default ${DEFAULT-VALUE}).")
  List<String> poolings;

  @Option(names = "--text-length", paramLabel = "T", defaultValue = "512", description = "Text length T (default ${DEFAULT-VALUE}).")
  int textLength;

  @Override
  public Integer call() {
    return ExperimentCommandSupport.run("pooling", "BAHE pooling comparison", "bahe-output/pooling", common, data,
        run, List.of(), run.evalBudget(2000), !run.noAucD,
        ExperimentPlans.pooling(poolings, textLength, run.baselines(List.of())), spec.commandLine().getOut());
  }
}
