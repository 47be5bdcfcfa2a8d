package org.nn4j.data;

import java.lang.ref.Cleaner;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * prefetch(depth): one background thread runs the upstream pipeline into a bounded queue.
 * The upstream iterator is opened on the caller's thread, then advanced and closed only by the
 * producer, so the element order is exactly the upstream's.
 */
final class PrefetchDataset extends Dataset {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();

    private final Dataset up;
    private final int depth;

    PrefetchDataset(Dataset up, int depth) {
        this.up = up;
        this.depth = depth;
    }

    @Override
    public long size() {
        return up.size();
    }

    @Override
    DataIterator openRaw() {
        Channel ch = new Channel(depth);
        // opened here, so that passes draw their shuffle seeds in the order the caller starts them
        DataIterator in = up.openRaw();
        Thread t = new Thread(() -> ch.produce(in), "nn4j-prefetch-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        ch.producer = t;
        t.start();
        return new Consumer(ch);
    }

    @Override
    public String toString() {
        return up + ".prefetch(" + depth + ")";
    }

    /** A failure on the producer thread, delivered in order after the elements before it. */
    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }

    /** What the producer and the consumer share; never references the consumer object. */
    private static final class Channel implements Runnable {
        final BlockingQueue<Object> queue;
        volatile boolean closed;
        volatile Thread producer;

        Channel(int depth) {
            this.queue = new ArrayBlockingQueue<>(depth + 1);  // + 1: room for the end marker
        }

        void produce(DataIterator in) {
            try {
                while (!closed && in.hasNext()) {
                    Batch b = in.next();
                    if (!put(b)) {
                        b.close();
                        break;
                    }
                }
                put(END);
            } catch (Throwable e) {
                if (!closed) put(new Failure(e));
            } finally {
                try {
                    in.close();
                } catch (RuntimeException e) {
                    if (!closed) put(new Failure(e));
                }
                if (closed) drain();
            }
        }

        /** Blocks for room; false once the consumer has closed. */
        private boolean put(Object o) {
            while (!closed) {
                try {
                    queue.put(o);
                    return true;
                } catch (InterruptedException e) {
                    // close() interrupts to wake us; the loop re-checks closed
                }
            }
            return false;
        }

        void drain() {
            for (Object o; (o = queue.poll()) != null; ) if (o instanceof Batch) ((Batch) o).close();
        }

        /** Stops the producer without waiting (the Cleaner's action for an abandoned iterator). */
        @Override
        public void run() {
            closed = true;
            Thread t = producer;
            if (t != null) t.interrupt();
            drain();
        }
    }

    private static final class Consumer implements DataIterator {
        private final Channel ch;
        private final Cleaner.Cleanable cleanable;
        private Object head;      // taken from the queue, not yet handed out
        private boolean finished;
        private boolean closed;

        Consumer(Channel ch) {
            this.ch = ch;
            this.cleanable = CLEANER.register(this, ch);
        }

        @Override
        public boolean hasNext() {
            if (closed || finished) return false;
            if (head == null) {
                try {
                    head = ch.queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("prefetch: interrupted while waiting for the next element", e);
                }
            }
            if (head == END) {
                finished = true;
                head = null;
                join();
                return false;
            }
            if (head instanceof Failure) {
                Throwable e = ((Failure) head).error;
                finished = true;
                head = null;
                join();
                if (e instanceof RuntimeException) throw (RuntimeException) e;
                if (e instanceof Error) throw (Error) e;
                throw new IllegalStateException("prefetch: the pipeline failed on its background thread: " + e, e);
            }
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("the dataset pass is over (or its iterator was closed)");
            Batch b = (Batch) head;
            head = null;
            return b;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (head instanceof Batch) ((Batch) head).close();
            head = null;
            ch.closed = true;
            Thread t = ch.producer;
            if (t != null) t.interrupt();
            join();
            ch.drain();
            cleanable.clean();
        }

        private void join() {
            Thread t = ch.producer;
            if (t == null || t == Thread.currentThread()) return;
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
