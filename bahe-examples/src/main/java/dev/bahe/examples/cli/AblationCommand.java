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
 * {@code bahe ablation}: the paper's Table 1 — LLM-CTR, +FP, +ABE and BAHE, plus the baselines without text
 * ({@code stats}, {@code dnn-id}, {@code dnn}) and AUC_d, on the same data and splits at one or more text lengths,
 * each run in its own JVM.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true,
    description = {"Run the ablation ladder (llm-ctr, fp, abe, bahe) at one or more text lengths and the baselines"
        + " without text (stats, dnn-id, dnn), each run in its own JVM so its peak memory is its own.",
        "Writes results.json, results.csv, report.md and PNG charts; --max-train-samples/--steps bound the cost"
            + " of long-text variants on a CPU."})
final class AblationCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin DataSelection data;
  @Mixin ExperimentRunOptions run;
  @Spec CommandSpec spec;

  @Option(names = "--text-lengths", paramLabel = "T[,T...]", split = ",", defaultValue = "512",
      description = "Text lengths T to compare at (default ${DEFAULT-VALUE}).")
  List<Integer> textLengths;

  @Option(names = "--variants", paramLabel = "V[,V...]", split = ",", defaultValue = "llm-ctr,fp,abe,bahe",
      description = {"Variants to run (default ${DEFAULT-VALUE}). Baselines named here (stats, dnn-id, dnn) run"
          + " once and replace the default baselines, e.g. --variants stats,dnn runs just those two."})
  List<String> variants;

  @Override
  public Integer call() {
    return ExperimentCommandSupport.run("ablation", "BAHE ablation", "bahe-output/ablation", common, data, run,
        List.of(), run.evalBudget(2000), !run.noAucD,
        ExperimentPlans.ablation(ExperimentPlans.textVariants(variants), textLengths, run.baselines(variants)),
        spec.commandLine().getOut());
  }
}
