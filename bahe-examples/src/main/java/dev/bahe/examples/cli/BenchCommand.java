package dev.bahe.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bahe bench}: micro-benchmarks; the work is in its subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks. Subcommands: stores (random-gather throughput of the behaviour stores), abe (encoding"
        + " throughput of the lower-layer encoders), train-step (training throughput of each variant), serve (load test of the HTTP scoring service).",
    subcommands = {BenchStoresCommand.class, BenchAbeCommand.class, BenchTrainStepCommand.class, BenchServeCommand.class})
final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
