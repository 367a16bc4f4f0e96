package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.cli.backupnow.BackupCommand;
import io.ddbbackup.operator.cli.describe.DescribeCommand;
import io.ddbbackup.operator.cli.drill.DrillCommand;
import io.ddbbackup.operator.cli.restore.RestoreCommand;
import io.ddbbackup.operator.cli.status.StatusCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl ddb}: the kubectl plugin of the DynamoDB backup operator. kubectl finds the {@code
 * kubectl-ddb} launcher on PATH and runs it with the arguments after {@code ddb}; the launcher runs
 * this class from the operator's jar.
 */
@Command(
    name = "kubectl ddb",
    mixinStandardHelpOptions = true,
    versionProvider = KubectlDdb.Version.class,
    description =
        "Posture, backups, restores, drills and the prune preview of DynamoDB backup schedules.",
    subcommands = {
      StatusCommand.class,
      DescribeCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      DrillCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl ddb status -A                      every schedule of the cluster, worst first",
      "  kubectl ddb describe orders-nightly -n shop   next slots and the prune preview",
      "  kubectl ddb backup orders-nightly --wait   a backup now, followed to AVAILABLE",
      "  kubectl ddb restore orders-nightly --to orders-copy --wait",
      "  kubectl ddb drill orders-nightly --wait    a restore drill now, with its result",
      "  source <(kubectl ddb completion)           shell completion for kubectl-ddb (bash, zsh)",
      "",
      "Exit codes: 0 done (status: all healthy), 1 error, 2 bad usage, 3 (status) unhealthy."
    })
public final class KubectlDdb implements Callable<Integer> {

  private final Services services;

  public KubectlDdb(Services services) {
    this.services = services;
  }

  public Services services() {
    return services;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("error: a command is required: kubectl ddb --help lists them");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  public static void main(String[] args) {
    // before any logger starts: libraries' logs must not mix into the command's output. Without
    // DDB_LOG_LEVEL no logging backend is even loaded (logback and its XML parser were a tenth of
    // the classes a status run loaded); with it, logback-cli.xml sends them to stderr
    if (System.getenv("DDB_LOG_LEVEL") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    } else if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-cli.xml");
    }
    Services services = Services.real();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(services, out, err, args));
  }

  /** Runs one command line; what {@code main} and the tests call. */
  public static int run(Services services, PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = commandLine(services, out, err);
    return line.execute(args);
  }

  static CommandLine commandLine(Services services, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new KubectlDdb(services));
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().usageMessage().hidden(false);
    line.addSubcommand("completion", completion);
    line.setOut(out);
    line.setErr(err);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExecutionExceptionHandler(new Failures());
    return line;
  }

  /** The jar's version (its manifest), or {@code dev} when run from classes. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KubectlDdb.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-ddb " + (version == null ? "dev" : version)};
    }
  }
}
