package org.nn4j.cli;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nn4j.Nn4j;
import org.nn4j.models.zoo.Zoo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values shared by the commands. A bad value is a usage error (exit status 2,
 * "see --help"), not a failed command.
 */
final class Args {
    private Args() {}

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Runs f, turning an IllegalArgumentException (a bad model name or shape) into a usage error. */
    static <T> T usage(CommandSpec spec, Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    static void model(CommandSpec spec, String name) {
        if (!Zoo.names().contains(name)) {
            throw usage(spec, "unknown model '" + name + "'; choose one of " + String.join(", ", Zoo.names()));
        }
    }

    static long[] shape(CommandSpec spec, String option, long[] shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw usage(spec, option + " must be positive sizes separated by commas (e.g. 1,28,28), got "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    static void positive(CommandSpec spec, String option, long value) {
        if (value < 1) throw usage(spec, option + " must be >= 1, got " + value);
    }

    static void threads(CommandSpec spec, Integer threads) {
        if (threads == null) return;
        positive(spec, "--threads", threads);
        Nn4j.setNumThreads(threads);
    }
}
