import Course
import Physiology

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

    public static func subjects(_ outcomes: [SubjectOutcome]) -> CSVTable {
        table(subjectColumns, outcomes.map { [subjectRow($0.subject)] })
    }

    /// The `subjects.csv` row of one subject.
    public static func subjectRow(_ s: SubjectParameters) -> [String] {
        let n = CSVTable.number
        return [String(s.id), s.sex.rawValue, n(s.ageY, 1), n(s.heightCm, 1), n(s.massKg, 1),
                n(s.torsoMassKg, 2), n(s.torsoComCm, 2),
                n(s.csaCm2.multifidus, 3), n(s.csaCm2.longissimus, 3), n(s.csaCm2.iliocostalis, 3),
                n(s.fatFraction.multifidus, 4), n(s.fatFraction.longissimus, 4), n(s.fatFraction.iliocostalis, 4),
                n(s.specificTensionNcm2, 2), n(s.activationCapacity, 4), n(s.momentArmScale, 4),
                n(s.passiveScale, 4), n(s.extensionInhibition, 4), n(s.lumbarRomDeg, 1), n(s.slrDeg, 1),
                n(s.painVAS, 1), n(s.odi, 1), s.clbp ? "1" : "0", n(s.fatigability, 4)]
    }

    public static let outcomeColumns = [
        "subject_id", "arm", "week", "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "endurance_50_s", "lumbar_rom_deg", "hamstring_rom_deg", "pain_vas", "odi", "sessions_attended",
    ]

    /// One row per subject, arm and test visit; angles beyond the subject's range are left empty.
    public static func tests(_ outcomes: [SubjectOutcome], armNames: [String]) -> CSVTable {
        table(testColumns, outcomes.map { testRows($0, armNames: armNames) })
    }

    /// The `tests.csv` rows of one subject: each arm's test visits in order.
    public static func testRows(_ o: SubjectOutcome, armNames: [String]) -> [[String]] {
        visitRows(o, armNames: armNames) { visit in
            torqueColumnAngles.map { angle in visit.isometric.reportedPeak(atDeg: angle).map { CSVTable.number($0, 2) } ?? "" }
        }
    }

    /// One row per subject, arm and test visit: CSA, endurance, ROM, pain, ODI, sessions attended.
    public static func outcomes(_ outcomes: [SubjectOutcome], armNames: [String]) -> CSVTable {
        table(outcomeColumns, outcomes.map { outcomeRows($0, armNames: armNames) })
    }

    /// The `outcomes.csv` rows of one subject: each arm's test visits in order.
    public static func outcomeRows(_ o: SubjectOutcome, armNames: [String]) -> [[String]] {
        let n = CSVTable.number
        return visitRows(o, armNames: armNames) { visit in
            let v = visit.outcomes
            return [n(v.csaCm2.multifidus, 3), n(v.csaCm2.longissimus, 3), n(v.csaCm2.iliocostalis, 3),
                    n(v.endurance50S, 1), n(v.lumbarRomDeg, 1), n(v.slrDeg, 1), n(v.painVAS, 1), n(v.odi, 1),
                    String(v.sessionsAttended)]
        }
    }

    /// `subject_id, arm, week` and the visit's own fields, for every visit of every arm.
    private static func visitRows(_ o: SubjectOutcome, armNames: [String], fields: (Visit) -> [String]) -> [[String]] {
        zip(armNames, o.arms).flatMap { arm, visits in
            visits.map { [String(o.subject.id), arm, String($0.week)] + fields($0) }
        }
    }

    private static func table(_ header: [String], _ rows: [[[String]]]) -> CSVTable {
        var table = CSVTable(header: header)
        for subject in rows { for row in subject { table.append(row) } }
        return table
    }
}
