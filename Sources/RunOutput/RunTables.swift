/// The output contract of a run: `subjects.csv`, `tests.csv` and `outcomes.csv` (column names are stable API).
public enum RunTables {
    /// The three tables of a run, in the order they are written.
    public static let fileNames = ["subjects.csv", "tests.csv", "outcomes.csv"]

    /// Their header lines, in that order.
    public static var headerLines: [String] { [subjectColumns, testColumns, outcomeColumns].map(CSVTable.line) }

    /// Angles of the `torque_<angle>` columns, extended to flexed.
    public static let torqueColumnAngles: [Double] = [0, 12, 24, 36, 48, 60, 72]

    /// Column names, from the data dictionary (`RunTables+Dictionary.swift`), which says what each holds.
    public static var subjectColumns: [String] { subjectFields.map(\.name) }
    public static var testColumns: [String] { testFields.map(\.name) }
    public static var outcomeColumns: [String] { outcomeFields.map(\.name) }
}
