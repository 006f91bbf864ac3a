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
 * {@code bahe sweep-length}: AUC and cost as the behaviour history given to the model grows, next to the baselines
 * without text.
 */
@Command(name = "sweep-length", mixinStandardHelpOptions = true,
    description = "AUC, training throughput and memory as the text length T grows, for the chosen variants.")
final class SweepLengthCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin DataSelection data;
  @Mixin ExperimentRunOptions run;
  @Spec CommandSpec spec;

  @Option(names = "--text-lengths", paramLabel = "T[,T...]", split = ",", defaultValue = "64,128,256,512,1024",
      description = "Text lengths T (default ${DEFAULT-VALUE}).")
  List<Integer> textLengths;

  @Option(names = "--variants", paramLabel = "V[,V...]", split = ",", defaultValue = "bahe",
      description = "Variants to sweep (default ${DEFAULT-VALUE}); baselines named here replace the default ones.")
  List<String> variants;

  @Override
  public Integer call() {
    return ExperimentCommandSupport.run("sweep-length", "BAHE length sweep", "bahe-output/sweep-length", common,
        data, run, List.of(), run.evalBudget(2000), !run.noAucD,
        ExperimentPlans.lengthSweep(ExperimentPlans.textVariants(variants), textLengths, run.baselines(variants)),
        spec.commandLine().getOut());
  }
}
