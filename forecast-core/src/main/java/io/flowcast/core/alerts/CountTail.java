package io.flowcast.core.alerts;

/**
 * Tail probabilities of demand counts under a Poisson or negative binomial model with the forecast
 * as the mean: how surprising a bucket's units are for an intermittent product, where a z-score
 * on a mean of 0.2 means nothing.
 *
 * <p>The negative binomial is parameterised by its mean {@code mu} and its variance-to-mean ratio
 * {@code dispersion} (phi >= 1): variance = phi * mu, size r = mu / (phi - 1), success probability
 * 1 / phi. phi = 1 is the Poisson. Units are counts of items, not of order lines: a line of 6 items
 * is one event of size 6, which is why sold units are overdispersed (phi above 1) even when lines
 * arrive as a Poisson process.
 */
public final class CountTail {
    /** Below this excess dispersion the negative binomial is the Poisson to double precision for our purposes. */
    private static final double POISSON_EPS = 1e-9;
    /** Sum upper-tail terms until they fall this far (in log) below the sum. */
    private static final double LOG_NEGLIGIBLE = -40;
    private static final int MAX_TERMS = 1_000_000;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    private CountTail() {}

    /** P(X >= k) for X ~ Poisson(mu). 1 for k <= 0. */
    public static double poissonUpper(double k, double mu) {
        return upper(k, mu, 1.0);
    }

    /**
     * P(X >= k) for X negative binomial with mean {@code mu} and variance {@code dispersion * mu}
     * ({@code dispersion} at or below 1 means Poisson). A fractional k is rounded up: P(X >= 2.5) = P(X >= 3).
     */
    public static double upper(double k, double mu, double dispersion) {
        long kk = (long) Math.ceil(k - 1e-9);
        if (kk <= 0) {
            return 1.0;
        }
        if (!(mu > 0)) {
            return 0.0; // nothing expected: any sale is impossible under the model
        }
        double phi = Math.max(dispersion, 1.0);
        if (kk <= mu) {
            // around or below the mean the tail is large: 1 - P(X < k) is accurate enough there
            double lower = 0;
            for (long j = 0; j < kk; j++) {
                lower += Math.exp(logPmf(j, mu, phi));
            }
            return clamp01(1 - lower);
        }
        // beyond the mean the terms fall: sum them upwards from k in log space (no underflow for large mu)
        double logSum = Double.NEGATIVE_INFINITY;
        for (long j = kk; j < kk + MAX_TERMS; j++) {
            double t = logPmf(j, mu, phi);
            logSum = logAdd(logSum, t);
            if (t - logSum < LOG_NEGLIGIBLE) {
                break;
            }
        }
        return clamp01(Math.exp(logSum));
    }

    /** P(X = 0): e^-mu for the Poisson, phi^(-mu / (phi - 1)) for the negative binomial. */
    public static double zero(double mu, double dispersion) {
        if (!(mu > 0)) {
            return 1.0;
        }
        return Math.exp(logPmf(0, mu, Math.max(dispersion, 1.0)));
    }

    /** log P(X = k). */
    static double logPmf(long k, double mu, double phi) {
        if (phi - 1 < POISSON_EPS) {
            return -mu + k * Math.log(mu) - logGamma(k + 1.0);
        }
        double r = mu / (phi - 1);
        double q = 1 / phi; // success probability
        return logGamma(k + r) - logGamma(k + 1.0) - logGamma(r) + r * Math.log(q) + k * Math.log1p(-q);
    }

    /** log Gamma(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double xx = x - 1;
        double a = LANCZOS[0];
        double t = xx + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (xx + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    private static double clamp01(double p) {
        return p < 0 ? 0 : p > 1 ? 1 : p;
    }
}
