import Course
import Physiology

/// The output contract of a run: `subjects.csv`, `tests.csv` and `outcomes.csv` (column names are stable API).
public enum RunTables {
    /// Angles of the `torque_<angle>` columns, extended to flexed.
    public static let torqueColumnAngles: [Double] = [0, 12, 24, 36, 48, 60, 72]

    public static let subjectColumns = [
        "subject_id", "sex", "age_y", "height_cm", "mass_kg", "torso_mass_kg", "torso_com_cm",
        "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "fat_multifidus", "fat_longissimus", "fat_iliocostalis",
        "specific_tension_Ncm2", "activation", "moment_arm_scale", "passive_scale", "extension_inhibition",
        "lumbar_rom_deg", "slr_deg", "pain_vas", "odi", "clbp",
    ]

    public static var testColumns: [String] {
        ["subject_id", "arm", "week"] + torqueColumnAngles.map { "torque_\(Int($0))" }
    }

    public static func subjects(_ outcomes: [SubjectOutcome]) -> CSVTable {
        var table = CSVTable(header: subjectColumns)
        let n = CSVTable.number
        for o in outcomes {
            let s = o.subject
            table.append([String(s.id), s.sex.rawValue, n(s.ageY, 1), n(s.heightCm, 1), n(s.massKg, 1),
                          n(s.torsoMassKg, 2), n(s.torsoComCm, 2),
                          n(s.csaCm2.multifidus, 3), n(s.csaCm2.longissimus, 3), n(s.csaCm2.iliocostalis, 3),
                          n(s.fatFraction.multifidus, 4), n(s.fatFraction.longissimus, 4), n(s.fatFraction.iliocostalis, 4),
                          n(s.specificTensionNcm2, 2), n(s.activationCapacity, 4), n(s.momentArmScale, 4),
                          n(s.passiveScale, 4), n(s.extensionInhibition, 4), n(s.lumbarRomDeg, 1), n(s.slrDeg, 1),
                          n(s.painVAS, 1), n(s.odi, 1), s.clbp ? "1" : "0"])
        }
        return table
    }

    public static let outcomeColumns = [
        "subject_id", "arm", "week", "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "endurance_50_s", "lumbar_rom_deg", "hamstring_rom_deg", "pain_vas", "odi", "sessions_attended",
    ]

    /// One row per subject, arm and test visit; angles beyond the subject's range are left empty.
    public static func tests(_ outcomes: [SubjectOutcome], armNames: [String]) -> CSVTable {
        var table = CSVTable(header: testColumns)
        for o in outcomes {
            for (arm, visits) in zip(armNames, o.arms) {
                for visit in visits {
                    let torques = torqueColumnAngles.map { angle in
                        visit.isometric.reportedPeak(atDeg: angle).map { CSVTable.number($0, 2) } ?? ""
                    }
                    table.append([String(o.subject.id), arm, String(visit.week)] + torques)
                }
            }
        }
        return table
    }

    /// One row per subject, arm and test visit: CSA, endurance, ROM, pain, ODI, sessions attended.
    public static func outcomes(_ outcomes: [SubjectOutcome], armNames: [String]) -> CSVTable {
        var table = CSVTable(header: outcomeColumns)
        let n = CSVTable.number
        for o in outcomes {
            for (arm, visits) in zip(armNames, o.arms) {
                for visit in visits {
                    let v = visit.outcomes
                    table.append([String(o.subject.id), arm, String(visit.week),
                                  n(v.csaCm2.multifidus, 3), n(v.csaCm2.longissimus, 3), n(v.csaCm2.iliocostalis, 3),
                                  n(v.endurance50S, 1), n(v.lumbarRomDeg, 1), n(v.slrDeg, 1), n(v.painVAS, 1), n(v.odi, 1),
                                  String(v.sessionsAttended)])
                }
            }
        }
        return table
    }
}
