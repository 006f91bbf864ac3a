package dev.bahe.examples.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.bahe.api.registry.UnknownComponentException;
import dev.bahe.api.store.StoreException;
import dev.bahe.core.config.ConfigException;
import dev.bahe.examples.data.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code bahe} command line. Run it with the {@code ./bahe} launcher at the repository root, or
 * {@code java -cp ... dev.bahe.examples.cli.BaheCli <command> [options]}.
 *
 * <p>Every subcommand has {@code --help}, reads the experiment configuration from {@code --config FILE} with
 * {@code --set key=value} overrides ({@link CommonOptions}) and writes its results as JSON with
 * {@code --json FILE} ({@link JsonResults}). Exit codes: 0 success, 1 failure (the message names the file, key or
 * check at fault), 2 bad usage.
 *
 * <p>Adding a subcommand: write a picocli {@code @Command} class that implements {@code Callable<Integer>},
 * mixes in {@link CommonOptions} (and {@link DataSelection} if it reads data), and list it in
 * {@code subcommands} below.
 */
@Command(name = "bahe", mixinStandardHelpOptions = true, versionProvider = BaheCli.Version.class,
    description = "BAHE for the JVM: CTR prediction from long textual user behaviour with hierarchical encoding.",
    subcommands = {
        DemoCommand.class,
        GenerateCommand.class,
        EncodeCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        ExportCommand.class,
        ServeCommand.class,
        AblationCommand.class,
        SweepLengthCommand.class,
        PoolingCommand.class,
        ReportCommand.class,
        BenchCommand.class,
        DoctorCommand.class,
        ReliabilityCommand.class,
        CommandLine.HelpCommand.class
    })
public final class BaheCli implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BaheCli.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding; does not exit). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line: subcommands, error handling, {@code Callable} results. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BaheCli());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(BaheCli::handle);
    return cl;
  }

  /** With no subcommand: print the usage and fail. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /**
   * Known failures (bad configuration, bad data, unknown component, store errors, bad arguments, I/O) print one
   * clear line; anything else also prints its stack trace. Both exit with 1.
   */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable known = knownFailure(e, 0);
    if (known != null) {
      err.println("bahe " + cl.getCommandName() + ": " + known.getMessage());
      LOG.debug("failure details", e);
    } else {
      err.println("bahe " + cl.getCommandName() + " failed: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /**
   * The known failure behind {@code e}: {@code e} itself, one of its causes, or the cause of an error Guice
   * reports while building the components (an unknown component name, a bad setting); null when there is none.
   */
  private static Throwable knownFailure(Throwable e, int depth) {
    if (e == null || depth > 16) {
      return null;
    }
    if (e instanceof ConfigException || e instanceof DataFormatException || e instanceof UnknownComponentException
        || e instanceof StoreException || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
        || e instanceof IOException) {
      return e;
    }
    Collection<Message> guiceErrors = e instanceof CreationException c ? c.getErrorMessages()
        : e instanceof ProvisionException p ? p.getErrorMessages() : List.of();
    for (Message message : guiceErrors) {
      Throwable found = knownFailure(message.getCause(), depth + 1);
      if (found != null) {
        return found;
      }
    }
    return knownFailure(e.getCause(), depth + 1);
  }

  /** The project version from the build. */
  public static String version() {
    try (InputStream in = BaheCli.class.getResourceAsStream("bahe-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code --version}: the project, Java and OS. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"bahe " + version(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
              + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
  }
}
