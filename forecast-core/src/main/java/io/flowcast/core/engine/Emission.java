package io.flowcast.core.engine;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Forecast;
import java.util.List;

/** What one closed (or corrected) bucket sends out: its forecast and the alerts it caused (often none). */
public record Emission(Forecast forecast, List<Alert> alerts) {}
