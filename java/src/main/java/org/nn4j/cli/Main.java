package org.nn4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nn4j.internal.NativeLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code nn4j} command line: {@code ./nn4j <command>}, or
 * {@code java -jar java/target/nn4j-<version>-cli.jar <command>}.
 * Errors are one line on stderr (the stack trace only with --verbose); exit status 0 on success,
 * 1 when the command failed, 2 for bad arguments.
 */
@Command(name = "nn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "nn4j: deep learning for Java on a native C++/CUDA core.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                DoctorCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    static final int EXIT_FAILED = 1, EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    // Declared so every command accepts it; run() reads it from the arguments, because it must
    // also apply to errors found while parsing, before any field is set.
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(qualifiedName(c) + ": " + oneLine(ex.getMessage()) + " (see '"
                    + qualifiedName(c) + " --help')");
            if (verbose) ex.printStackTrace(c.getErr());
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> fail(c.getErr(), qualifiedName(c), ex, verbose));
        int status;
        try {
            status = cmd.execute(args);
        } catch (Error e) {  // picocli passes only Exceptions to the handler above
            status = fail(err, "nn4j", e, verbose);
        }
        out.flush();
        err.flush();
        return status;
    }

    private static int fail(PrintWriter err, String command, Throwable ex, boolean verbose) {
        err.println(command + ": error: " + describe(ex) + (verbose ? "" : " (--verbose shows the stack trace)"));
        if (verbose) ex.printStackTrace(err);
        return EXIT_FAILED;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of train, evaluate, predict, summary, doctor, demo");
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    private static String describe(Throwable ex) {
        // a native library that failed to load surfaces as the initializer error of a class
        while ((ex instanceof ExceptionInInitializerError || ex instanceof NoClassDefFoundError)
                && ex.getCause() != null) {
            ex = ex.getCause();
        }
        String msg = ex.getMessage();
        String kind = ex.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? kind : kind + ": " + oneLine(msg);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** The Java API's version; printing it loads no native code. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nn4j " + NativeLibrary.VERSION};
        }
    }
}
