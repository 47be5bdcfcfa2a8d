package org.nn4j.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training-curves PNG written by {@code nn4j train}: loss and accuracy per epoch, training and
 * validation, as two XChart panels side by side in one image.
 */
final class TrainingPlot {
    private static final int W = 640, H = 420;

    private TrainingPlot() {}

    /**
     * @param history per-epoch values by key ("loss", "val_loss", "accuracy", "val_accuracy", ...)
     */
    static void write(Map<String, List<Double>> history, Path png) throws IOException {
        XYChart loss = panel("Loss", history, "loss", "val_loss");
        XYChart acc = panel("Accuracy", history, "accuracy", "val_accuracy");
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(acc);
        BufferedImage both = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * W, H);
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, W, 0, null);
        g.dispose();
        // Written next to the target and moved into place, so a crash never leaves half a file.
        Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), ".plot", ".png");
        try {
            if (!ImageIO.write(both, "png", tmp.toFile())) throw new IOException("no PNG writer in this JVM");
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static XYChart panel(String title, Map<String, List<Double>> history, String train, String val) {
        XYChart chart = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle("epoch").yAxisTitle(title.toLowerCase())
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(true);
        // with few epochs the axes would otherwise label their few ticks with every digit of a double
        chart.getStyler().setYAxisDecimalPattern("0.0###");
        chart.getStyler().setXAxisDecimalPattern("0");
        boolean any = false;
        for (String key : new String[] {train, val}) {
            List<Double> ys = history.get(key);
            if (ys == null || ys.isEmpty()) continue;
            List<Integer> xs = new ArrayList<>();
            for (int i = 1; i <= ys.size(); i++) xs.add(i);
            chart.addSeries(key.startsWith("val_") ? "validation" : "training", xs, ys).setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) chart.addSeries("(no data)", new double[] {1}, new double[] {0});
        return chart;
    }
}
