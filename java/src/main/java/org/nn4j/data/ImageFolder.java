package org.nn4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory of images with one subfolder per class (DU2), as Keras's
 * image_dataset_from_directory reads it: classes are the sorted subfolder names, images inside
 * a class folder (searched recursively) are taken in sorted path order, and loading prints
 * "Found N images belonging to K classes."
 *
 * <pre>{@code
 * ImageFolderDataset ds = ImageFolder.load(dir, ImageFolder.options()
 *         .targetSize(64, 64).colorMode(Images.ColorMode.RGB).rescale(1 / 255.0));
 * Dataset train = ds.shuffle(42).batch(32).prefetch(2);
 * }</pre>
 */
public final class ImageFolder {
    /** Image file extensions read (case-insensitive). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** How labels are given. */
    public enum ClassMode {
        /** int64 scalar class index (the default). */
        SPARSE,
        /** float32 one-hot vector (K). */
        CATEGORICAL,
        /** float32 scalar 0 or 1; needs exactly 2 classes. */
        BINARY
    }

    private ImageFolder() {}

    public static Options options() {
        return new Options();
    }

    /** Reads dir with the default options (RGB, native size, sparse labels, no rescale). */
    public static ImageFolderDataset load(Path dir) {
        return load(dir, options());
    }

    /** Lists the images of dir (decoding happens on access) and prints what it found. */
    public static ImageFolderDataset load(Path dir, Options o) {
        if (!Files.isDirectory(dir)) throw new DataFileException(dir, "no such directory");
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot be listed: " + e, e);
        }
        if (o.classes != null) {
            for (String c : o.classes) {
                if (!classes.contains(c)) throw new DataFileException(dir, "has no class folder '" + c + "' (found "
                        + classes + ")");
            }
            classes = o.classes;
        }
        if (classes.isEmpty()) {
            throw new DataFileException(dir, "has no class subfolders; put the images of each class in a folder of "
                    + "its own (dir/cat/1.png, dir/dog/2.png, ...)");
        }
        if (o.classMode == ClassMode.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException("ImageFolder: class mode BINARY needs 2 classes, " + dir + " has "
                    + classes.size() + " " + classes);
        }
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            Path cd = dir.resolve(classes.get(k));
            try (Stream<Path> s = Files.walk(cd)) {
                List<Path> found = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted()
                        .collect(Collectors.toList());
                files.addAll(found);
                for (int i = 0; i < found.size(); i++) labels.add((long) k);
            } catch (NoSuchFileException e) {
                throw new DataFileException(cd, "no such directory");
            } catch (IOException e) {
                throw new DataFileException(cd, "cannot be listed: " + e, e);
            }
        }
        if (o.out != null) {
            o.out.println("Found " + files.size() + " images belonging to " + classes.size() + " classes.");
        }
        long[] y = new long[labels.size()];
        for (int i = 0; i < y.length; i++) y[i] = labels.get(i);
        return new ImageFolderDataset(dir, files, y, classes, o);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Options of {@link #load(Path, Options)}; setters return this. */
    public static final class Options {
        int height = -1;
        int width = -1;
        Images.ColorMode colorMode = Images.ColorMode.RGB;
        ClassMode classMode = ClassMode.SPARSE;
        double rescale = 1;
        List<String> classes;
        PrintStream out = System.out;

        Options() {}

        /** Resize every image (bilinearly) to height x width; by default images keep their size. */
        public Options targetSize(int height, int width) {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("ImageFolder: targetSize " + height + "x" + width + " must be positive");
            }
            this.height = height;
            this.width = width;
            return this;
        }

        public Options colorMode(Images.ColorMode m) {
            this.colorMode = m;
            return this;
        }

        public Options classMode(ClassMode m) {
            this.classMode = m;
            return this;
        }

        /** Multiply pixel values (0..255) by factor, e.g. 1/255.0 for [0, 1]. */
        public Options rescale(double factor) {
            if (!Double.isFinite(factor)) throw new IllegalArgumentException("ImageFolder: rescale " + factor);
            this.rescale = factor;
            return this;
        }

        /** Only these class folders, with indices in this order (default: all, sorted). */
        public Options classes(List<String> names) {
            this.classes = List.copyOf(names);
            return this;
        }

        /** Where the "Found N images" line goes (default System.out; null for nowhere). */
        public Options out(PrintStream s) {
            this.out = s;
            return this;
        }
    }
}
