/**
 * The {@code bahe} command line (picocli): {@link dev.bahe.examples.cli.BaheCli} and one class per subcommand.
 *
 * <p>Conventions every command follows: {@code --help}; the experiment configuration from {@code --config FILE}
 * plus repeated {@code --set key=value} ({@link dev.bahe.examples.cli.CommonOptions}), where convenience options
 * such as {@code --data-path} or {@code --variant} are only shorthands for configuration keys; results on
 * standard output (logs go to standard error) and, with {@code --json FILE}, as a JSON document with provenance
 * ({@link dev.bahe.examples.cli.JsonResults}); progress bars on long work. Components come from a Guice injector
 * over the built-in modules ({@link dev.bahe.examples.experiment.ExperimentSession}), which closes the native
 * resources it created.
 */
package dev.bahe.examples.cli;
