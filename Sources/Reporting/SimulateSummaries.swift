import RunOutput

/// What a `simulate` run folder can show: every subject ran every arm, so there are torque curves at baseline and at
/// each arm's last test (from `tests.csv`), and time courses at every test week (`tests.csv`, `outcomes.csv`).
enum SimulateSummaries {
    static let angleColumns = RunTables.torqueColumnAngles.map { "torque_\(Int($0))" }

    /// Per-subject values of one column (or derived measure) grouped by arm and week.
    private typealias Groups = [String: [Double: [Double]]]

    static func curves(_ run: RunDirectory, alpha: Double) throws(ReportError) -> [CurvePoint] {
        let csv = try run.table("tests.csv", columns: ["arm", "week"] + angleColumns)
        let arms = armOrder(csv, manifest: run.manifest.arms)
        var points: [CurvePoint] = []
        for arm in arms {
            let rows = csv.rowIndices.filter { csv.string($0, "arm") == arm }
            var weeks: [Double] = []
            for r in rows { weeks.append(try csv.required(r, "week")) }
            let last = weeks.max() ?? 0
            let visits: [(CurvePoint.Visit, Double)] = last > 0 ? [(.baseline, 0), (.followup, last)] : [(.baseline, 0)]
            for (visit, week) in visits {
                let visitRows = zip(rows, weeks).filter { $0.1 == week }.map(\.0)
                for (angle, column) in zip(RunTables.torqueColumnAngles, angleColumns) {
                    var values: [Double] = []
                    for r in visitRows { values.append(try csv.optional(r, column)) }
                    points.append(CurvePoint(arm: arm, visit: visit, angleDeg: angle, summary: .of(values, alpha: alpha)))
                }
            }
        }
        return points
    }

    /// Whether every test in `tests.csv` is at week 0 (`simulate` without `--regimen`).
    static func testsOnlyAtBaseline(_ run: RunDirectory) throws(ReportError) -> Bool {
        let tests = try run.table("tests.csv", columns: ["week"])
        for r in tests.rowIndices where try tests.required(r, "week") > 0 { return false }
        return true
    }

    /// Mean torque, total extensor CSA, endurance and pain, per arm and test week.
    static func timecourse(_ run: RunDirectory, alpha: Double) throws(ReportError) -> [TimePoint] {
        let tests = try run.table("tests.csv", columns: ["subject_id", "arm", "week"] + angleColumns)
        let csaColumns = ["csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2"]
        let outcomes = try run.table("outcomes.csv", columns: ["arm", "week", "endurance_50_s", "pain_vas"] + csaColumns)
        let torque = try torqueMeans(tests)
        let csa = try group(outcomes) { r throws(ReportError) in
            var total = 0.0
            for column in csaColumns { total += try outcomes.optional(r, column) }
            return total
        }
        let endurance = try group(outcomes) { r throws(ReportError) in try outcomes.optional(r, "endurance_50_s") }
        let pain = try group(outcomes) { r throws(ReportError) in try outcomes.optional(r, "pain_vas") }
        let arms = armOrder(tests, manifest: run.manifest.arms)
        var points: [TimePoint] = []
        for (outcome, groups) in [("torque_mean", torque), ("csa_cm2", csa), ("endurance_s", endurance), ("pain_vas", pain)] {
            for arm in arms {
                for (week, values) in (groups[arm] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    points.append(TimePoint(arm: arm, week: week, outcome: outcome, summary: .of(values, alpha: alpha)))
                }
            }
        }
        return points
    }

    /// `torque_mean` as `lumbarsim trial` defines it: the mean over the angles tested at the subject's week-0 visit,
    /// missing at a visit that misses one of them.
    private static func torqueMeans(_ tests: RunCSV) throws(ReportError) -> Groups {
        var baselineAngles: [String: [String]] = [:]
        for r in tests.rowIndices where try tests.required(r, "week") == 0 {
            var tested: [String] = []
            for column in angleColumns where try tests.number(r, column) != nil { tested.append(column) }
            baselineAngles[tests.string(r, "subject_id") + "," + tests.string(r, "arm")] = tested
        }
        return try group(tests) { r throws(ReportError) in
            let columns = baselineAngles[tests.string(r, "subject_id") + "," + tests.string(r, "arm")] ?? []
            var sum = 0.0
            for column in columns {
                guard let value = try tests.number(r, column) else { return .nan }
                sum += value
            }
            return columns.isEmpty ? .nan : sum / Double(columns.count)
        }
    }

    private static func group(_ csv: RunCSV, _ value: (Int) throws(ReportError) -> Double) throws(ReportError) -> Groups {
        var groups: Groups = [:]
        for r in csv.rowIndices {
            groups[csv.string(r, "arm"), default: [:]][try csv.required(r, "week"), default: []].append(try value(r))
        }
        return groups
    }

    /// Arms in the manifest's order, then any others in order of appearance (`baseline` when no regimen ran).
    private static func armOrder(_ csv: RunCSV, manifest: [String]) -> [String] {
        var seen: [String] = []
        for r in csv.rowIndices where !seen.contains(csv.string(r, "arm")) { seen.append(csv.string(r, "arm")) }
        return manifest.filter(seen.contains) + seen.filter { !manifest.contains($0) }
    }
}
