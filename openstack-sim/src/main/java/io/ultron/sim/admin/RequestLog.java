package io.ultron.sim.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last N requests, newest last, so tests can check what reached "OpenStack". */
public final class RequestLog {

    private final int capacity;
    private final Deque<RequestRecord> records = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(RequestRecord record) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /**
     * @param requestId matches either the simulator's or the caller's request id; null for any
     * @param cluster   null for any
     */
    public synchronized List<RequestRecord> find(String requestId, String cluster, int limit) {
        List<RequestRecord> found = new ArrayList<>();
        var iterator = records.descendingIterator();
        while (iterator.hasNext() && found.size() < limit) {
            RequestRecord record = iterator.next();
            boolean idMatches = requestId == null || requestId.equals(record.requestId())
                    || requestId.equals(record.globalRequestId());
            if (idMatches && (cluster == null || cluster.equals(record.cluster()))) {
                found.add(record);
            }
        }
        java.util.Collections.reverse(found);
        return found;
    }

    public synchronized void clear() {
        records.clear();
    }
}
