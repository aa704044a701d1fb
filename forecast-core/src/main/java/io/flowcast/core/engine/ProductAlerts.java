package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.alerts.AlertTracker;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Forecast;
import java.util.List;

/**
 * The alert rules ({@link AlertTracker}) on a product's own forecasts, in the same state: each
 * forecast is judged as it is made. The alert state is dropped once the product has sold nothing
 * for the rules' whole history and no alert is open, and starts afresh if it sells again.
 */
public final class ProductAlerts {
    private final AlertTracker tracker;

    public ProductAlerts(AlertRules rules) {
        this.tracker = new AlertTracker(rules);
    }

    /** Judges {@code f}, the newest forecast of the product whose state is {@code st}. */
    public List<Alert> judge(ProductState st, Forecast f, long now) {
        if (st.alerts == null) {
            st.alerts = tracker.newState();
        }
        List<Alert> out = tracker.onForecast(st.alerts, f, now);
        if (tracker.canForget(st.alerts)) {
            st.alerts = null;
        }
        return out;
    }
}
