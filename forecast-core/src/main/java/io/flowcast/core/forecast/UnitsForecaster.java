package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/**
 * A forecaster of the units alone. The opening every statistical forecaster shares lives here
 * once: the horizon checked, the units cleaned ({@link SeriesMath#cleanUnits}), zeros for an empty
 * series; the forecaster itself sees at least one clean bucket. A {@link CleanSeries} is cleaned
 * already: its units are read in place.
 */
abstract class UnitsForecaster implements Forecaster {
    @Override
    public final double[] forecast(DemandSeries series, int horizon) {
        SeriesMath.checkHorizon(horizon);
        double[] y = CleanSeries.cleanUnits(series); // read only from here on
        return y.length == 0 ? new double[horizon] : forecast(y, horizon);
    }

    /** Point forecasts for steps 1..horizon from the clean units {@code y} (not empty), which it must not write. */
    abstract double[] forecast(double[] y, int horizon);
}
