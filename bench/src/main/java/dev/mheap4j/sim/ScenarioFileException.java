package dev.mheap4j.sim;

/**
 * A scenario file that cannot be used. The message is one line naming the file, the line (and column) and the
 * field, e.g. {@code my.yaml: line 7, column 11, field 'phases[0].live': 'lots' is not a size}.
 */
public class ScenarioFileException extends IllegalArgumentException {

    private final String file;
    private final int line;
    private final String field;

    public ScenarioFileException(String file, int line, int column, String field, String problem) {
        super(file + ": line " + line + (column > 0 ? ", column " + column : "")
                + (field == null || field.isEmpty() ? "" : ", field '" + field + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** The file, as given. */
    public String file() {
        return file;
    }

    /** 1-based line of the problem (0 when unknown). */
    public int line() {
        return line;
    }

    /** The field path, e.g. {@code phases[1].live}; empty for a problem with the file as a whole. */
    public String field() {
        return field;
    }
}
