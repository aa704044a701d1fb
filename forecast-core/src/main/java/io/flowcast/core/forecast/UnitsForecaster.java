package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/**
 * A forecaster of the units alone. The opening every statistical forecaster shares lives here
 * once: the horizon checked, the units cleaned ({@link SeriesMath#cleanUnits}), zeros for an empty
 * series; the forecaster itself sees at least one clean bucket.
 */
abstract class UnitsForecaster implements Forecaster {
    @Override
    public final double[] forecast(DemandSeries series, int horizon) {
        SeriesMath.checkHorizon(horizon);
        double[] y = SeriesMath.cleanUnits(series);
        return y.length == 0 ? new double[horizon] : forecast(y, horizon);
    }

    /** Point forecasts for steps 1..horizon from the clean units {@code y} (not empty). */
    abstract double[] forecast(double[] y, int horizon);
}
