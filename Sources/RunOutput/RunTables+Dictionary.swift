/// What each column of `subjects.csv`, `tests.csv` and `outcomes.csv` holds, for `datapackage.json`.
extension RunTables {
    typealias Field = DataPackage.Field

    static let visitKeys: [Field] = [
        Field("subject_id", .integer, nil, "Subject number within the cohort (the seed-exact identity of a virtual subject)"),
        Field("arm", .string, nil, "Regimen (arm) name"),
        Field("week", .integer, "week", "Week of the test visit (0 = baseline)"),
    ]

    static let subjectFields: [Field] = [
        Field("subject_id", .integer, nil, "Subject number within the cohort"),
        Field("sex", .string, nil, "F (female) or M (male)"),
        Field("age_y", .number, "year", "Age"),
        Field("height_cm", .number, "cm", "Body height"),
        Field("mass_kg", .number, "kg", "Body mass"),
        Field("torso_mass_kg", .number, "kg", "Mass of the upper body above the lumbar pivot (its weight loads the extensors)"),
        Field("torso_com_cm", .number, "cm", "Distance of that mass's centre from the pivot"),
        Field("csa_multifidus_cm2", .number, "cm2", "Baseline multifidus cross-sectional area, per side"),
        Field("csa_longissimus_cm2", .number, "cm2", "Baseline longissimus cross-sectional area, per side"),
        Field("csa_iliocostalis_cm2", .number, "cm2", "Baseline iliocostalis cross-sectional area, per side"),
        Field("fat_multifidus", .number, "1", "Fatty-infiltration fraction of the multifidus"),
        Field("fat_longissimus", .number, "1", "Fatty-infiltration fraction of the longissimus"),
        Field("fat_iliocostalis", .number, "1", "Fatty-infiltration fraction of the iliocostalis"),
        Field("specific_tension_Ncm2", .number, "N/cm2", "Specific tension (a lumped gain: see Datasets/physiology)"),
        Field("activation", .number, "1", "Maximal voluntary activation capacity"),
        Field("moment_arm_scale", .number, "1", "Scale on the extensors' moment arms"),
        Field("passive_scale", .number, "1", "Scale on passive tissue torque"),
        Field("extension_inhibition", .number, "1", "Pain-related loss of activation at full extension (CLBP)"),
        Field("lumbar_rom_deg", .number, "deg", "Baseline lumbar flexion range"),
        Field("slr_deg", .number, "deg", "Baseline straight-leg raise"),
        Field("pain_vas", .number, "points (0-100)", "Baseline pain, visual analogue scale"),
        Field("odi", .number, "points (0-100)", "Baseline Oswestry Disability Index"),
        Field("clbp", .boolean, nil, "Chronic low back pain (1) or healthy (0)"),
        Field("fatigability", .number, "1", "Scale on the fatigue rate of the 3CC-r model (1 = population mean)"),
    ]

    static var testFields: [Field] {
        visitKeys + torqueColumnAngles.map {
            Field("torque_\(Int($0))", .number, "N*m", "Peak isometric extension torque reported at \(Int($0)) deg of flexion (empty beyond the subject's range)")
        }
    }

    static let outcomeFields: [Field] = visitKeys + [
        Field("csa_multifidus_cm2", .number, "cm2", "Measured multifidus cross-sectional area, per side"),
        Field("csa_longissimus_cm2", .number, "cm2", "Measured longissimus cross-sectional area, per side"),
        Field("csa_iliocostalis_cm2", .number, "cm2", "Measured iliocostalis cross-sectional area, per side"),
        Field("endurance_50_s", .number, "s", "Time a 50 % MVC extension hold is sustained (3CC-r)"),
        Field("lumbar_rom_deg", .number, "deg", "Measured lumbar flexion range"),
        Field("hamstring_rom_deg", .number, "deg", "Measured straight-leg raise"),
        Field("pain_vas", .number, "points (0-100)", "Rated pain (empirical layer: evidence-synthesis inputs, see Datasets)"),
        Field("odi", .number, "points (0-100)", "Oswestry Disability Index (empirical layer: evidence-synthesis inputs, see Datasets)"),
        Field("sessions_attended", .integer, "session", "Sessions attended since baseline"),
        Field("endurance_bw_s", .number, "s", "Time a Biering-Sorensen-style hold against the upper body's own weight is sustained (3CC-r; capped as the test is)"),
        Field("recurrence_12m", .boolean, nil, "A new LBP episode or flare-up within 12 months after the visit (empirical: natural history and trial risk ratios, see Datasets)"),
        Field("days_to_recurrence", .integer, "day", "Day of that episode after the visit (empty: none within 12 months)"),
    ]

    /// The data package of a run's three tables as stored (`.csv` or `.csv.gz`).
    public static func dataPackage(format: TableFormat) -> DataPackage {
        let descriptions = ["One row per virtual subject: the sampled traits", "One row per subject, arm and test visit: peak torques",
                            "One row per subject, arm and test visit: the other measured outcomes"]
        let fields = [subjectFields, testFields, outcomeFields]
        return DataPackage(name: "lumbarsim-run", resources: zip(fileNames, zip(descriptions, fields)).map { table, described in
            DataPackage.Resource(path: format.fileName(table), description: described.0, fields: described.1)
        })
    }
}
