import Foundation
import XCTest

/// End-to-end tests of regimens on the command line: arms in the run folder, outcomes.csv, bad regimen files,
/// and `device endurance`.
final class RegimenCLITests: CLITestCase {
    static let outcomesHeader = "subject_id,arm,week,csa_multifidus_cm2,csa_longissimus_cm2,csa_iliocostalis_cm2,endurance_50_s,lumbar_rom_deg,hamstring_rom_deg,pain_vas,odi,sessions_attended,endurance_bw_s,recurrence_12m,days_to_recurrence"

    func bundledRegimen(_ name: String) throws -> String {
        try String(contentsOf: CLI.datasets.appendingPathComponent("regimens/\(name).yaml"), encoding: .utf8)
    }

    func testEveryBundledRegimenRunsAsAnArmWithRowsPerTestWeek() throws {
        let regimens = ["core-strengthening", "stretching", "manual-therapy", "postural-ergonomic", "low-impact-aerobics", "combined", "control"]
        let result = try CLI.run(["simulate", "--cohort", "clbp-adults", "--subjects", "6", "--rate", "50", "--out", "run"]
                                 + regimens.flatMap { ["--regimen", $0] }, in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let tests = try CLI.readCSV(tmp.appendingPathComponent("run/tests.csv"))
        let outcomes = try CLI.readCSV(tmp.appendingPathComponent("run/outcomes.csv"))
        XCTAssertEqual(outcomes.header, Self.outcomesHeader)
        XCTAssertEqual(tests.rows.count, outcomes.rows.count)
        XCTAssertEqual(Set(tests.rows.map { $0[1] }), Set(regimens))
        // Every arm has week 0 and its end-of-phase weeks; week-0 rows are identical across arms (same subjects).
        for arm in regimens {
            let weeks = Set(tests.rows.filter { $0[1] == arm }.map { $0[2] })
            XCTAssertTrue(weeks.contains("0") && weeks.contains("12"), "\(arm): \(weeks)")
        }
        let week0 = tests.rows.filter { $0[2] == "0" && $0[0] == "3" }
        XCTAssertEqual(week0.count, regimens.count)
        XCTAssertEqual(Set(week0.map { Array($0[3...]) }).count, 1)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: tmp.appendingPathComponent("run/manifest.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["arms"] as? [String], regimens)
    }

    func testAUserRegimenFileIsAnArmUnderItsOwnName() throws {
        let edited = try bundledRegimen("core-strengthening")
            .replacingOccurrences(of: "name: core-strengthening", with: "name: twice-weekly")
            .replacingOccurrences(of: "sessions_per_week: 1", with: "sessions_per_week: 2")
        try CLI.write(edited, to: tmp.appendingPathComponent("twice.yaml"))
        let result = try CLI.run(["simulate", "--subjects", "3", "--rate", "50", "--regimen", "twice.yaml", "--out", "run"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let outcomes = try CLI.readCSV(tmp.appendingPathComponent("run/outcomes.csv"))
        XCTAssertEqual(Set(outcomes.rows.map { $0[1] }), ["twice-weekly"])
        XCTAssertEqual(outcomes.rows.filter { $0[2] == "12" }.map { $0[11] }, ["24", "24", "24"])
    }

    func testBadRegimenFilesAreRefusedNamingFileAndFieldWithNothingWritten() throws {
        let original = try bundledRegimen("core-strengthening")
        let cases: [(String, String, [String])] = [
            ("kind: core-strengthening", "kind: yoga", ["bad.yaml", "kind", "yoga"]),
            ("      sets: 1", "      setz: 1", ["bad.yaml", "setz"]),
            ("  - weeks: 12", "  - weeks: -4", ["bad.yaml", "phases[0].weeks"]),
            ("      reps: [8, 12]", "      reps: [12, 8]", ["bad.yaml", "reps"]),
            ("      rom_deg: [0, 72]", "      rom_deg: [0, 90]", ["bad.yaml", "rom_deg"]),
            ("    sessions_per_week: 1", "    sessions_per_week: 0.3", ["bad.yaml", "sessions_per_week"]),
        ]
        for (old, new, fragments) in cases {
            XCTAssertTrue(original.contains(old), old)
            try CLI.write(original.replacingOccurrences(of: old, with: new), to: tmp.appendingPathComponent("bad.yaml"))
            let result = try CLI.run(["simulate", "--subjects", "3", "--regimen", "bad.yaml", "--out", "run"], in: tmp)
            assertRefused(result, mentioning: fragments)
            try assertNoOutput(tmp.appendingPathComponent("run"))
        }
        let unknown = try CLI.run(["simulate", "--subjects", "3", "--regimen", "pilates", "--out", "run"], in: tmp)
        assertRefused(unknown, mentioning: ["unknown regimen 'pilates'", "core-strengthening"])
        let twice = try CLI.run(["simulate", "--subjects", "3", "--regimen", "control", "--regimen", "control", "--out", "run"], in: tmp)
        assertRefused(twice, mentioning: ["control", "twice"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testDeviceEnduranceReportsMeanAndPerSubjectTimes() throws {
        let result = try CLI.run(["device", "endurance", "--fraction", "0.5", "--subjects", "4", "--rate", "100", "--json"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let mean = try XCTUnwrap(json?["mean_endurance_time_s"] as? Double)
        let subjects = try XCTUnwrap(json?["subjects"] as? [[String: Any]])
        XCTAssertEqual(subjects.count, 4)
        let times = subjects.compactMap { $0["endurance_time_s"] as? Double }
        XCTAssertEqual(mean, times.reduce(0, +) / 4, accuracy: 1e-9)
        // 3CC-r with the trunk rates holds 50 % for about 140 s (Frey-Law 2012 parameters).
        XCTAssertTrue((100...200).contains(mean), "\(mean)")
        let harder = try CLI.run(["device", "endurance", "--fraction", "0.8", "--subjects", "4", "--rate", "100", "--json"], in: tmp)
        let hard = try JSONSerialization.jsonObject(with: Data(harder.stdout.utf8)) as? [String: Any]
        XCTAssertLessThan(try XCTUnwrap(hard?["mean_endurance_time_s"] as? Double), mean)
    }

    func testBadEnduranceSettingsAreRefused() throws {
        assertRefused(try CLI.run(["device", "endurance", "--fraction", "1.5", "--subjects", "2"], in: tmp), mentioning: ["fraction"])
        assertRefused(try CLI.run(["device", "endurance", "--fraction", "0.5", "--angle", "80", "--subjects", "2"], in: tmp),
                      mentioning: ["angle 80"])
        assertRefused(try CLI.run(["device", "endurance", "--fraction", "0.5", "--angle", "70", "--cohort", "clbp-adults",
                                   "--subjects", "30"], in: tmp), mentioning: ["range of motion"])
    }
}
