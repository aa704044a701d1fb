package io.flowcast.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every product id seen, searchable by prefix or substring (case-insensitive). A search scans a
 * sorted snapshot plus the few ids added since it was taken; the snapshot is rebuilt (one sort of
 * the catalogue, about 50-300 ms at 100,000 ids) only once enough ids are pending or the pending
 * ones are older than {@link #REBUILD_AFTER_MILLIS}, so a search never waits for a sort while new
 * products keep arriving.
 */
public final class ProductIndex {
    static final int REBUILD_AT_PENDING = 2_000;
    static final long REBUILD_AFTER_MILLIS = 10_000;

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final List<String> pending = new ArrayList<>();
    private long pendingSince;
    private String[] sorted = new String[0];
    private String[] lower = new String[0];

    /** Adds an id; true if it was new. */
    public boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        synchronized (this) {
            if (pending.isEmpty()) {
                pendingSince = System.currentTimeMillis();
            }
            pending.add(id);
        }
        return true;
    }

    public int size() {
        return ids.size();
    }

    /** Up to {@code limit} ids: those starting with the query first (sorted), then those containing it. */
    public List<String> search(String query, int limit) {
        String[] s;
        String[] l;
        String[] recent;
        synchronized (this) {
            if (pending.size() >= REBUILD_AT_PENDING
                    || !pending.isEmpty() && System.currentTimeMillis() - pendingSince >= REBUILD_AFTER_MILLIS) {
                rebuild();
            }
            s = sorted;
            l = lower;
            recent = pending.toArray(new String[0]);
        }
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<String> prefixed = new ArrayList<>();
        for (int i = 0; i < s.length && prefixed.size() < limit; i++) {
            if (l[i].startsWith(q)) {
                prefixed.add(s[i]);
            }
        }
        List<String> containing = new ArrayList<>();
        for (int i = 0; i < s.length && containing.size() < limit && !q.isEmpty(); i++) {
            if (!l[i].startsWith(q) && l[i].contains(q)) {
                containing.add(s[i]);
            }
        }
        for (String id : recent) {
            String low = id.toLowerCase(Locale.ROOT);
            if (low.startsWith(q)) {
                prefixed.add(id);
            } else if (!q.isEmpty() && low.contains(q)) {
                containing.add(id);
            }
        }
        if (recent.length > 0) {
            prefixed.sort(null);
            containing.sort(null);
        }
        List<String> out = new ArrayList<>(limit);
        for (List<String> part : List.of(prefixed, containing)) {
            for (int i = 0; i < part.size() && out.size() < limit; i++) {
                out.add(part.get(i));
            }
        }
        return out;
    }

    private void rebuild() {
        String[] fresh = new String[sorted.length + pending.size()];
        System.arraycopy(sorted, 0, fresh, 0, sorted.length);
        for (int i = 0; i < pending.size(); i++) {
            fresh[sorted.length + i] = pending.get(i);
        }
        Arrays.sort(fresh);
        String[] low = new String[fresh.length];
        for (int i = 0; i < fresh.length; i++) {
            low[i] = fresh[i].toLowerCase(Locale.ROOT);
        }
        sorted = fresh;
        lower = low;
        pending.clear();
    }
}
