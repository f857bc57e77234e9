/// The output contract of a run: `subjects.csv`, `tests.csv` and `outcomes.csv` (column names are stable API).
public enum RunTables {
    /// The three tables of a run, in the order they are written.
    public static let fileNames = ["subjects.csv", "tests.csv", "outcomes.csv"]

    /// Their header lines, in that order.
    public static var headerLines: [String] { [subjectColumns, testColumns, outcomeColumns].map(CSVTable.line) }

    /// Angles of the `torque_<angle>` columns, extended to flexed.
    public static let torqueColumnAngles: [Double] = [0, 12, 24, 36, 48, 60, 72]

    public static let subjectColumns = [
        "subject_id", "sex", "age_y", "height_cm", "mass_kg", "torso_mass_kg", "torso_com_cm",
        "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "fat_multifidus", "fat_longissimus", "fat_iliocostalis",
        "specific_tension_Ncm2", "activation", "moment_arm_scale", "passive_scale", "extension_inhibition",
        "lumbar_rom_deg", "slr_deg", "pain_vas", "odi", "clbp", "fatigability",
    ]

    public static var testColumns: [String] {
        ["subject_id", "arm", "week"] + torqueColumnAngles.map { "torque_\(Int($0))" }
    }

    public static let outcomeColumns = [
        "subject_id", "arm", "week", "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "endurance_50_s", "lumbar_rom_deg", "hamstring_rom_deg", "pain_vas", "odi", "sessions_attended",
        "recurrence_12m", "days_to_recurrence",
    ]
}
