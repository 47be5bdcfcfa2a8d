package org.nn4j.ops.nn;

/**
 * How the 4 numbers of a box are laid out (CURRICULUM D1; origin top-left, any unit).
 * {@link #CORNERS}: (x1, y1, x2, y2) with x1 &lt;= x2, y1 &lt;= y2. {@link #CENTER}: (cx, cy, w, h)
 * with w, h &gt;= 0; its corners are cx -+ w/2, cy -+ h/2.
 */
public enum BoxFormat {
    CORNERS(0),
    CENTER(1);

    private final int code;

    BoxFormat(int code) {
        this.code = code;
    }

    /** The NN4J_BOX_* code of nn4j_detect.h. */
    public int code() {
        return code;
    }
}
