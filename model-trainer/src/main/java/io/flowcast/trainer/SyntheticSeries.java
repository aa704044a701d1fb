package io.flowcast.trainer;

import io.flowcast.core.buckets.ArraySeries;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded weekly-seasonal demand for demos and tests: product i's data depends only on (seed, i). */
public final class SyntheticSeries {
    private SyntheticSeries() {}

    /** {@code products} daily series of {@code days} buckets starting at {@code start} (a UTC midnight). */
    public static List<ArraySeries> weekly(int products, int days, long start, long seed) {
        List<ArraySeries> out = new ArrayList<>();
        for (int p = 0; p < products; p++) {
            SplittableRandom r = new SplittableRandom(seed * 7919 + p);
            double level = 0.5 + r.nextDouble() * 30;
            double[] week = new double[7];
            for (int d = 0; d < 7; d++) {
                week[d] = 0.4 + 1.2 * r.nextDouble();
            }
            double trend = (r.nextDouble() - 0.5) * 0.004;
            double[] units = new double[days];
            for (int t = 0; t < days; t++) {
                double mean = level * week[t % 7] * Math.max(0.1, 1 + trend * t);
                units[t] = poisson(r, mean);
            }
            out.add(ArraySeries.ofUnits("P" + p, start, 86_400_000L, units, 1 + r.nextInt(20)));
        }
        return out;
    }

    private static double poisson(SplittableRandom r, double mean) {
        if (mean > 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
