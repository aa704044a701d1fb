package io.flowcast.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every product id seen, searchable by prefix or substring (case-insensitive). New ids are taken
 * at once; the sorted snapshot a search scans is rebuilt only when ids were added since the last
 * search, so a catalogue of 100,000 products costs one sort per change and one scan per query.
 */
public final class ProductIndex {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private volatile boolean dirty;
    private String[] sorted = new String[0];
    private String[] lower = new String[0];

    /** Adds an id; true if it was new. */
    public boolean add(String id) {
        if (ids.add(id)) {
            dirty = true;
            return true;
        }
        return false;
    }

    public int size() {
        return ids.size();
    }

    /** Up to {@code limit} ids: those starting with the query first (sorted), then those containing it. */
    public List<String> search(String query, int limit) {
        String[] s;
        String[] l;
        synchronized (this) {
            if (dirty) {
                dirty = false;
                String[] fresh = ids.toArray(new String[0]);
                Arrays.sort(fresh);
                String[] low = new String[fresh.length];
                for (int i = 0; i < fresh.length; i++) {
                    low[i] = fresh[i].toLowerCase(Locale.ROOT);
                }
                sorted = fresh;
                lower = low;
            }
            s = sorted;
            l = lower;
        }
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(limit);
        for (int i = 0; i < s.length && out.size() < limit; i++) {
            if (l[i].startsWith(q)) {
                out.add(s[i]);
            }
        }
        for (int i = 0; i < s.length && out.size() < limit && !q.isEmpty(); i++) {
            if (!l[i].startsWith(q) && l[i].contains(q)) {
                out.add(s[i]);
            }
        }
        return out;
    }
}
