import Cohort
import Course
import Foundation
import StudySetup
import XCTest

/// Through whole courses: a set that cannot lift its load gives no stimulus, so six weeks of such sets leave
/// strength exactly where usual care leaves it, while the same sets at half the maximum raise it.
final class SetStimulusCourseTests: XCTestCase {
    static func regimen(_ name: String, _ body: String) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-\(name)-\(UUID().uuidString).yaml")
        let text = "name: \(name)\ndescription: \"test helper\"\nassumption: \"test helper\"\n" + body
        do { try text.write(to: url, atomically: true, encoding: .utf8) } catch { fatalError("\(error)") }
        return url.path
    }

    static func dynamic(_ name: String, load: Double) -> String {
        regimen(name, """
        kind: core-strengthening
        phases:
          - weeks: 6
            sessions_per_week: 1
            core_strengthening:
              mode: dynamic
              sets: 1
              reps: [1, 40]
              start_load_fraction: \(load)
              load_increment: 0
              tempo_s: {up: 2, down: 4}
              rom_deg: [0, 72]
              pelvic_restraint: true
        """)
    }

    func testSetsOfNoRepetitionsLeaveStrengthAsUsualCare() throws {
        let control = Self.regimen("control-6", "kind: control\nphases:\n  - weeks: 6\n    sessions_per_week: 0\n")
        let setup = try RunSetup(cohort: "healthy-adults", regimens: [Self.dynamic("too-heavy", load: 1.2), Self.dynamic("half", load: 0.5), control])
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 5, instrument: .ideal)
        let outcomes = try runner.run(count: 8, threads: 2)
        for o in outcomes {
            let heavy = try XCTUnwrap(o.arms[0].last), half = try XCTUnwrap(o.arms[1].last), usual = try XCTUnwrap(o.arms[2].last)
            XCTAssertEqual(heavy.week, 6)
            XCTAssertEqual(heavy.outcomes.dynamicSets, 6)
            XCTAssertEqual(heavy.outcomes.dynamicReps, 0, "120 % of the maximum does not move")
            XCTAssertEqual(heavy.isometric.reportedPeakNm, usual.isometric.reportedPeakNm, "no repetitions, no gain")
            XCTAssertGreaterThan(half.outcomes.dynamicReps, 6 * 10)
            for (a, b) in zip(half.isometric.reportedPeakNm, usual.isometric.reportedPeakNm) { XCTAssertGreaterThan(a, b) }
        }
    }
}
