import Cohort
import Course
import Physiology
import RunOutput

/// The rows of the three tables, built from subjects' outcomes (the column names are in ``RunTables``).
extension RunTables {
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

    /// One row per subject, arm and test visit: CSA, endurance, ROM, pain, ODI, sessions attended, and a new LBP
    /// episode in the 12 months after the visit (0/1) with its day.
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
                    String(v.sessionsAttended), n(v.enduranceBodyWeightS, 1), v.recurrence12m ? "1" : "0",
                    v.recurrenceDay.map(String.init) ?? ""]
        }
    }

    /// `subject_id, arm, week` and the visit's own fields, for every visit of every arm.
    private static func visitRows(_ o: SubjectOutcome, armNames: [String], fields: (Visit) -> [String]) -> [[String]] {
        zip(armNames, o.arms).flatMap { arm, visits in
            visits.map { [String(o.subject.id), arm, String($0.week)] + fields($0) }
        }
    }

    static func table(_ header: [String], _ rows: [[[String]]]) -> CSVTable {
        var table = CSVTable(header: header)
        for subject in rows { for row in subject { table.append(row) } }
        return table
    }
}
