package io.cablecluster.load;

import java.util.List;
import java.util.Locale;

/**
 * A small hand-written SVG line chart (no plotting library): x = clients, one polyline per series.
 * The y axis goes logarithmic when the series span more than two decades, so a fast server and a slow
 * one stay readable on the same plot.
 */
final class SvgPlot {
  record Series(String name, double[] xs, double[] ys) {
  }

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
      "#e377c2", "#17becf"};
  private static final int W = 720;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 200;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private SvgPlot() {
  }

  static String chart(String title, String xLabel, String yLabel, List<Series> series) {
    double maxX = 1;
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    for (Series s : series) {
      for (int i = 0; i < s.xs.length; i++) {
        maxX = Math.max(maxX, s.xs[i]);
        if (s.ys[i] > 0) {
          minY = Math.min(minY, s.ys[i]);
        }
        maxY = Math.max(maxY, s.ys[i]);
      }
    }
    maxY = maxY <= 0 ? 1 : maxY;
    minY = minY == Double.MAX_VALUE ? maxY / 10 : minY;
    boolean log = maxY / minY > 100;
    double lo = log ? Math.pow(10, Math.floor(Math.log10(minY))) : 0;
    double hi = log ? Math.pow(10, Math.ceil(Math.log10(maxY))) : niceCeil(maxY);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    svg.append(text(W / 2.0 - RIGHT / 2.0, 22, title, "middle", 15));
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
        LEFT, TOP, plotW, plotH));
    double niceX = niceCeil(maxX);
    for (int i = 0; i <= 5; i++) {
      double value = niceX * i / 5;
      double x = LEFT + plotW * value / niceX;
      svg.append(line(x, TOP + plotH, x, TOP + plotH + 5)).append(text(x, TOP + plotH + 18, fmt(value), "middle", 11));
    }
    if (log) {
      for (double v = lo; v <= hi * 1.0001; v *= 10) {
        double y = yPos(v, lo, hi, true, plotH);
        svg.append(grid(y, plotW)).append(text(LEFT - 6, y + 4, fmt(v), "end", 11));
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        double v = hi * i / 5;
        double y = yPos(v, lo, hi, false, plotH);
        svg.append(grid(y, plotW)).append(text(LEFT - 6, y + 4, fmt(v), "end", 11));
      }
    }
    svg.append(text(LEFT + plotW / 2.0, H - 12, xLabel, "middle", 12));
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
        TOP + plotH / 2.0, TOP + plotH / 2.0, escape(yLabel + (log ? " (log)" : ""))));
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      String color = COLORS[s % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < one.xs.length; i++) {
        double x = LEFT + plotW * one.xs[i] / niceX;
        double y = yPos(Math.max(one.ys[i], log ? lo : 0), lo, hi, log, plotH);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, color));
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          points.toString().trim(), color));
      double ly = TOP + 14 + s * 18;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"4\" fill=\"%s\"/>%n",
          W - RIGHT + 12, ly - 4, color));
      svg.append(text(W - RIGHT + 30, ly + 1, one.name, "start", 11));
    }
    return svg.append("</svg>\n").toString();
  }

  private static double yPos(double v, double lo, double hi, boolean log, int plotH) {
    double share = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return TOP + plotH * (1 - Math.max(0, Math.min(1, share)));
  }

  private static String grid(double y, int plotW) {
    return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
        LEFT, y, LEFT + plotW, y);
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>%n", x1, y1, x2, y2);
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escape(s));
  }

  static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String fmt(double v) {
    if (v >= 1_000_000) {
      return String.format(Locale.ROOT, "%.3gM", v / 1_000_000);
    }
    if (v >= 10_000) {
      return String.format(Locale.ROOT, "%.3gk", v / 1000);
    }
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
