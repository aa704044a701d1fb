package io.flowcast.core.engine;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import java.util.List;

/**
 * What one closed (or corrected) bucket sends out: its forecast and the alerts it caused (often
 * none), or, for a late sum that could not be placed, only a dead letter. {@code nanos}: the time the
 * engine took to make it (for the forecast-time metric).
 */
public record Emission(Forecast forecast, List<Alert> alerts, DeadLetter deadLetter, long nanos) {}
