package org.nn4j.data;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.nn4j.nn.Seeds;

/** shuffle(bufferSize, seed) over a stream: tf.data's buffered shuffle. */
final class BufferShuffleDataset extends Dataset {
    private final Dataset up;
    private final int bufferSize;
    private final long seed;
    private final AtomicLong passes = new AtomicLong();

    BufferShuffleDataset(Dataset up, int bufferSize, long seed) {
        this.up = up;
        this.bufferSize = bufferSize;
        this.seed = seed;
    }

    @Override
    public long size() {
        return up.size();
    }

    @Override
    DataIterator openRaw() {
        Rng rng = new Rng(Seeds.mix(seed, passes.getAndIncrement()));
        DataIterator in = up.openRaw();
        ArrayList<Batch> buffer = new ArrayList<>();
        return new LookaheadIterator() {
            @Override
            protected Batch compute() {
                while (buffer.size() < bufferSize && in.hasNext()) buffer.add(in.next());
                if (buffer.isEmpty()) return null;
                int j = (int) rng.nextLong(buffer.size());
                Batch picked = buffer.get(j);
                if (in.hasNext()) {
                    buffer.set(j, in.next());
                } else {
                    int last = buffer.size() - 1;
                    buffer.set(j, buffer.get(last));
                    buffer.remove(last);
                }
                return picked;
            }

            @Override
            protected void release() {
                for (Batch b : buffer) b.close();
                buffer.clear();
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        return up + ".shuffle(" + bufferSize + ", seed " + seed + ")";
    }
}
