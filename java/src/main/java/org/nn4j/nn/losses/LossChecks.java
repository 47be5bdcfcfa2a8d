package org.nn4j.nn.losses;

/** Argument checks shared by the loss constructors; messages name the loss and the value. */
final class LossChecks {
    private LossChecks() {}

    static double smoothing(String op, double eps) {
        if (!(eps >= 0 && eps <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing = " + eps + " is outside [0, 1]");
        }
        return eps;
    }

    /** A non-batch axis of a rank-r tensor, as a non-negative index. */
    static int axis(String op, int axis, int rank, String shape) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is outside yPred " + shape);
        }
        if (a == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is the batch axis of yPred " + shape
                    + "; the class axis must be another one (default -1)");
        }
        return a;
    }
}
