package io.ultron.projections.rebuild;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A rebuild's batch of one single-row UPDATE form, sent as one statement: the rows' parameters become a derived
 * table ({@code SELECT ? AS p1, … UNION ALL SELECT …}) that the view table is joined to by its primary key. Sent as
 * a JDBC batch, each UPDATE is a statement of its own that the database parses and runs separately, and that
 * per-statement work costs more than the row change itself (see the rebuild benchmark in bench/README.md).
 *
 * <p>Only plain forms are rewritten, so that the joined statement changes exactly what the statements would
 * have changed one after another: {@code UPDATE <table> SET <assignment>, … WHERE <column> <op> ? AND …}, where
 * each assignment is {@code column = ?}, {@code column = column + ?} (or {@code -}) or {@code column = <literal>},
 * the WHERE terms compare a column with a parameter ({@code = < <= > >=}), and every primary key column is
 * compared with {@code =}; and only batches in which no primary key occurs twice. Anything else is sent as it was.
 */
final class JoinedUpdate {

    /** Rows per joined statement: bounds the statement's size; a power of two (see {@link ProjectionTables#write}). */
    static final int MAX_ROWS = 256;

    private static final Pattern UPDATE = Pattern.compile("UPDATE\\s+(\\w+)\\s+SET\\s+(.+?)\\s+WHERE\\s+(.+)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(\\w+)\\s*=\\s*(?:(\\?)|(\\w+)\\s*([+-])\\s*\\?|('[^',?]*'|-?\\d+|TRUE|FALSE|NULL))", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONDITION = Pattern.compile("(\\w+)\\s*(=|<|<=|>|>=)\\s*\\?");
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);

    private final String table;
    private final int parameters;
    private final String assignments;
    private final String conditions;
    /** Positions (0-based) of the parameters compared with the primary key columns. */
    private final List<Integer> keyParameters;
    private final Map<Integer, String> statements = new ConcurrentHashMap<>();

    private JoinedUpdate(String table, int parameters, String assignments, String conditions, List<Integer> keyParameters) {
        this.table = table;
        this.parameters = parameters;
        this.assignments = assignments;
        this.conditions = conditions;
        this.keyParameters = keyParameters;
    }

    /**
     * The joined form of {@code sql}, or empty when it is not one of the plain forms above.
     *
     * @param primaryKeys each table's primary key columns (lower case), by table name
     */
    static Optional<JoinedUpdate> of(String sql, Map<String, Set<String>> primaryKeys) {
        Matcher update = UPDATE.matcher(sql.strip());
        if (!update.matches()) {
            return Optional.empty();
        }
        Set<String> primaryKey = primaryKeys.getOrDefault(update.group(1), Set.of());
        if (primaryKey.isEmpty()) {
            return Optional.empty();
        }
        int parameter = 0;
        List<String> set = new ArrayList<>();
        for (String assignment : update.group(2).split(",")) {
            Matcher m = ASSIGNMENT.matcher(assignment.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            String column = m.group(1);
            if (m.group(2) != null) {
                set.add("view_row." + column + " = new_values.p" + (++parameter));
            } else if (m.group(3) != null) {
                if (!m.group(3).equalsIgnoreCase(column)) {
                    return Optional.empty();
                }
                set.add("view_row." + column + " = view_row." + column + " " + m.group(4) + " new_values.p" + (++parameter));
            } else {
                set.add("view_row." + column + " = " + m.group(5));
            }
        }
        List<String> on = new ArrayList<>();
        List<Integer> keyParameters = new ArrayList<>();
        Set<String> keyColumnsCompared = new HashSet<>();
        for (String term : AND.split(update.group(3).strip())) {
            Matcher m = CONDITION.matcher(term.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            String column = m.group(1).toLowerCase(Locale.ROOT);
            on.add("view_row." + m.group(1) + " " + m.group(2) + " new_values.p" + (++parameter));
            if (m.group(2).equals("=") && primaryKey.contains(column) && keyColumnsCompared.add(column)) {
                keyParameters.add(parameter - 1);
            }
        }
        if (!keyColumnsCompared.equals(primaryKey)) {
            return Optional.empty();
        }
        return Optional.of(new JoinedUpdate(update.group(1), parameter, String.join(", ", set), String.join(" AND ", on),
                List.copyOf(keyParameters)));
    }

    /** True when no two rows of {@code rows} name the same primary key: only then may they be joined. */
    boolean touchesEachRowOnce(List<Object[]> rows) {
        Set<List<String>> keys = new HashSet<>();
        for (Object[] row : rows) {
            if (row.length != parameters) {
                return false;
            }
            // as text: the same key passed once as an Integer and once as a Long is still the same row
            List<String> key = new ArrayList<>(keyParameters.size());
            for (int position : keyParameters) {
                key.add(String.valueOf(row[position]));
            }
            if (!keys.add(key)) {
                return false;
            }
        }
        return true;
    }

    /** The statement for {@code rows} rows of parameters, built once per size (writers send the same few sizes). */
    String sql(int rows) {
        return statements.computeIfAbsent(rows, this::build);
    }

    private String build(int rows) {
        String first = IntStream.rangeClosed(1, parameters).mapToObj(p -> "? AS p" + p)
                .collect(Collectors.joining(", ", "SELECT ", ""));
        String next = " UNION ALL SELECT " + String.join(", ", Collections.nCopies(parameters, "?"));
        return "UPDATE " + table + " view_row JOIN (" + first + next.repeat(rows - 1) + ") new_values ON " + conditions
                + " SET " + assignments;
    }

    /** The parameters of {@code rows}, in the order of {@link #sql(int)}. */
    static Object[] parameters(List<Object[]> rows) {
        return rows.stream().flatMap(Arrays::stream).toArray();
    }
}
