package org.nn4j.data;

/** take(n) over a stream. */
final class TakeDataset extends Dataset {
    private final Dataset up;
    private final long n;

    TakeDataset(Dataset up, long n) {
        this.up = up;
        this.n = n;
    }

    @Override
    public long size() {
        long m = up.size();
        return m < 0 ? -1 : Math.min(m, n);
    }

    @Override
    DataIterator openRaw() {
        DataIterator in = up.openRaw();
        return new LookaheadIterator() {
            private long taken;

            @Override
            protected Batch compute() {
                if (taken >= n || !in.hasNext()) return null;
                taken++;
                return in.next();
            }

            @Override
            protected void release() {
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        return up + ".take(" + n + ")";
    }
}
