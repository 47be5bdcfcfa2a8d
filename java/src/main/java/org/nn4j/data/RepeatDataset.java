package org.nn4j.data;

/** repeat(times) and repeat(): passes over the upstream one after another. */
final class RepeatDataset extends Dataset {
    private final Dataset up;
    private final int times;  // -1: forever

    RepeatDataset(Dataset up, int times) {
        this.up = up;
        this.times = times;
    }

    @Override
    public long size() {
        long n = up.size();
        if (times < 0) return n == 0 ? 0 : -1;
        if (n < 0) return -1;
        return Math.multiplyExact(n, (long) times);
    }

    @Override
    DataIterator openRaw() {
        return new LookaheadIterator() {
            private DataIterator in = up.openRaw();
            private int pass = 1;
            private boolean passEmpty = true;

            @Override
            protected Batch compute() {
                for (;;) {
                    if (in.hasNext()) {
                        passEmpty = false;
                        return in.next();
                    }
                    in.close();
                    // an empty pass would repeat forever without yielding anything
                    if (passEmpty || (times >= 0 && pass >= times)) return null;
                    in = up.openRaw();
                    pass++;
                    passEmpty = true;
                }
            }

            @Override
            protected void release() {
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        return up + ".repeat(" + (times < 0 ? "" : String.valueOf(times)) + ")";
    }
}
