package io.flowcast.trainer;

import io.flowcast.core.events.ModelRecord;

/**
 * Publish-or-not: a new model goes out only if it beats the current champion (when there is one)
 * AND seasonal naive on the latest validation window, by WAPE and by MASE. Fills in the verdict.
 */
public final class ChampionChallenger {
    private ChampionChallenger() {}

    public static boolean decide(ModelRecord.Validation v) {
        StringBuilder why = new StringBuilder();
        boolean ok = beats(why, "seasonal naive", v.wape, v.mase, v.seasonalNaiveWape, v.seasonalNaiveMase);
        if (v.championVersion != null) {
            ok &= beats(why, "champion " + v.championVersion, v.wape, v.mase, v.championWape, v.championMase);
        } else {
            why.append("no champion; ");
        }
        v.published = ok;
        v.decision = (ok ? "PUBLISH: " : "DO NOT PUBLISH: ") + why.toString().replaceAll("; $", "");
        return ok;
    }

    private static boolean beats(StringBuilder why, String other, double wape, double mase, double otherWape,
            double otherMase) {
        // NaN MASE (no series with a usable naive scale) cannot be compared: WAPE alone decides then
        boolean byWape = wape < otherWape || Double.isNaN(otherWape) && !Double.isNaN(wape);
        boolean byMase = Double.isNaN(mase) && Double.isNaN(otherMase) || mase < otherMase
                || Double.isNaN(otherMase) && !Double.isNaN(mase);
        why.append(String.format(java.util.Locale.ROOT, "%s %s vs %s (WAPE %.4f vs %.4f, MASE %.4f vs %.4f); ",
                byWape && byMase ? "beats" : "does not beat", other, "", wape, otherWape, mase, otherMase)
                .replace(" vs  (", " ("));
        return byWape && byMase;
    }

    /** A few lines for the console. */
    public static String report(ModelRecord.Validation v) {
        String champion = v.championVersion == null
                ? "  champion       none yet (this is the first model)%n"
                : String.format(java.util.Locale.ROOT, "  champion %-5s WAPE %.4f  MASE %.4f%n", v.championVersion, v.championWape, v.championMase);
        return String.format(java.util.Locale.ROOT,
                "validation %s..%s%n  model          WAPE %.4f  MASE %.4f%n" + champion
                        + "  seasonal naive WAPE %.4f  MASE %.4f%n  %s",
                java.time.Instant.ofEpochMilli(v.windowFrom), java.time.Instant.ofEpochMilli(v.windowTo), v.wape,
                v.mase, v.seasonalNaiveWape, v.seasonalNaiveMase, v.decision);
    }
}
