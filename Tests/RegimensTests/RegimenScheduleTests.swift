import Foundation
import LumbarDatasets
import Regimens
import XCTest

/// Writes regimen files into a fresh temporary folder, removed after each test.
class RegimenFileTestCase: XCTestCase {
    var folder: URL!
    var store: DatasetStore!

    override func setUpWithError() throws {
        store = try DatasetStore.locate()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("regimens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    /// The path of a new file holding `yaml`.
    func write(_ yaml: String, name: String = "my.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func load(_ yaml: String) throws -> Regimen { try Regimen.load(write(yaml), from: store) }

    /// A valid two-phase core regimen: 10 weeks of dynamic ILEX 1x/week, then 12 weeks of isometric holds every
    /// fourth week. Bad-file tests edit one line of it.
    static let twoPhaseCore = """
        name: my-core
        kind: core-strengthening
        description: "ILEX, then isometric maintenance"
        source: pollock1989
        phases:
          - weeks: 10
            sessions_per_week: 1
            core_strengthening:
              mode: dynamic
              sets: 1
              reps: [8, 12]
              start_load_fraction: 0.8
              load_increment: 0.05
              tempo_s: {up: 2, down: 4}
              rom_deg: [0, 72]
              pelvic_restraint: true
          - weeks: 12
            sessions_per_week: 0.25
            core_strengthening:
              mode: isometric
              sets: 2
              hold_s: 6
              angles_deg: [72, 36, 0]
              pelvic_restraint: true

        """
}

final class RegimenScheduleTests: RegimenFileTestCase {
    func testCoreOnceAWeekFor12WeeksIsTwelveSessionsSevenDaysApart() throws {
        let regimen = try Regimen.load("core-strengthening", from: store)
        XCTAssertEqual(regimen.sessionDays(for: .core), Array(stride(from: 0, through: 77, by: 7)))
        for dose in DoseKind.allCases where dose != .core { XCTAssertEqual(regimen.sessionDays(for: dose), []) }
    }

    func testFractionalRatesSpreadSessionsEvenly() throws {
        func days(_ rate: String, weeks: Int) throws -> [Int] {
            try load("""
                name: sparse
                kind: low-impact-aerobics
                description: "sparse walking"
                phases:
                  - weeks: \(weeks)
                    sessions_per_week: \(rate)
                    aerobics: {modality: walking, minutes: 30, intensity: 0.5}
                """).sessionDays(for: .aerobics)
        }
        XCTAssertEqual(try days("0.5", weeks: 8), [0, 14, 28, 42])
        XCTAssertEqual(try days("0.25", weeks: 12), [0, 28, 56])
        XCTAssertEqual(try days("0", weeks: 12), [])
        XCTAssertEqual(try days("7", weeks: 2), Array(0..<14))
        XCTAssertEqual(try days("1.5", weeks: 2), [0, 4, 9])
    }

    func testFiveAWeekGivesFiveDistinctDaysInEveryWeek() throws {
        let days = try Regimen.load("stretching", from: store).sessionDays(for: .stretching)
        XCTAssertEqual(days.count, 60)
        let byWeek = Dictionary(grouping: days) { $0 / 7 }
        XCTAssertEqual(byWeek.keys.sorted(), Array(0..<12))
        for (week, inWeek) in byWeek { XCTAssertEqual(Set(inWeek).count, 5, "week \(week): \(inWeek)") }
    }

    func testPhasesFollowOneAnother() throws {
        let regimen = try load(Self.twoPhaseCore)
        XCTAssertEqual(regimen.totalWeeks, 22)
        XCTAssertEqual(regimen.sessionDays(for: .core), Array(stride(from: 0, through: 63, by: 7)) + [70, 98, 126])
        XCTAssertEqual(regimen.phase(atDay: 0)?.index, 0)
        XCTAssertEqual(regimen.phase(atDay: 69)?.index, 0)
        XCTAssertEqual(regimen.phase(atDay: 70)?.index, 1)
        XCTAssertEqual(regimen.phase(atDay: 153)?.index, 1)
        XCTAssertNil(regimen.phase(atDay: 154))
        XCTAssertNil(regimen.phase(atDay: -1))
        XCTAssertEqual(regimen.phases[0].core?.mode, .dynamic)
        guard case .isometric(let holds)? = regimen.phases[1].core?.work else { return XCTFail("phase 1 is isometric") }
        XCTAssertEqual(holds.anglesDeg, [72, 36, 0])
        XCTAssertEqual(holds.holdSeconds, 6)
    }

    func testADoseBlockInARestPhaseIsIgnored() throws {
        let regimen = try load(Self.twoPhaseCore.replacingOccurrences(of: "sessions_per_week: 0.25", with: "sessions_per_week: 0"))
        XCTAssertEqual(regimen.sessionDays(for: .core), Array(stride(from: 0, through: 63, by: 7)))
        XCTAssertNotNil(regimen.phases[1].core)
        XCTAssertEqual(regimen.phases[1].sessionsPerWeek(for: .core), 0)
    }

    func testCombinedDosesRunAtTheirOwnRates() throws {
        let regimen = try Regimen.load("combined", from: store)
        let weekly = Array(stride(from: 0, through: 77, by: 7))
        XCTAssertEqual(regimen.sessionDays(for: .core), weekly)
        XCTAssertEqual(regimen.sessionDays(for: .manualTherapy), weekly)
        XCTAssertEqual(regimen.sessionDays(for: .postural), weekly)
        XCTAssertEqual(regimen.sessionDays(for: .stretching).count, 60)
        let walks = regimen.sessionDays(for: .aerobics)
        XCTAssertEqual(walks.count, 36)
        XCTAssertEqual(Array(walks.prefix(6)), [0, 2, 4, 7, 9, 11])
        XCTAssertEqual(regimen.phases[0].sessionsPerWeek(for: .aerobics), 3)
        XCTAssertEqual(regimen.phases[0].sessionsPerWeek(for: .core), 1)
    }

    func testErgonomicSettingsApplyEveryDayOfAPosturalPhase() throws {
        let postural = try Regimen.load("postural-ergonomic", from: store)
        XCTAssertEqual(postural.sessionDays(for: .postural).count, 12)
        for day in [0, 1, 40, 83] {
            XCTAssertEqual(postural.dailyPostural(atDay: day)?.sittingHoursPerDay, 6.3, "day \(day)")
            XCTAssertEqual(postural.dailyPostural(atDay: day)?.breakIntervalMinutes, 45)
        }
        XCTAssertNil(postural.dailyPostural(atDay: 84))
        XCTAssertNotNil(try Regimen.load("combined", from: store).dailyPostural(atDay: 50))
        XCTAssertNil(try Regimen.load("core-strengthening", from: store).dailyPostural(atDay: 0))
    }

    func testTestWeeksAreWeekZeroPhaseEndsAndExtrasSortedAndUnique() throws {
        let regimen = try load(Self.twoPhaseCore.replacingOccurrences(of: "phases:", with: "tests_at_weeks: [22, 4, 10, 0, 4]\nphases:"))
        XCTAssertEqual(regimen.extraTestWeeks, [22, 4, 10, 0, 4])
        XCTAssertEqual(regimen.testWeeks, [0, 4, 10, 22])
        XCTAssertEqual(try load(Self.twoPhaseCore).testWeeks, [0, 10, 22])
    }

    func testBreaksMayBeNullOrLeftOut() throws {
        let yaml = """
            name: desk
            kind: postural-ergonomic
            description: "desk without breaks"
            assumption: "testing"
            phases:
              - weeks: 4
                sessions_per_week: 1
                postural: {sitting_hours_per_day: 8, break_interval_min: BREAK, lumbar_support: false, sit_stand_desk: false}
            """
        XCTAssertNil(try load(yaml.replacingOccurrences(of: "BREAK", with: "null")).phases[0].postural?.breakIntervalMinutes)
        let omitted = yaml.replacingOccurrences(of: " break_interval_min: BREAK,", with: "")
        XCTAssertNil(try load(omitted).phases[0].postural?.breakIntervalMinutes)
        XCTAssertEqual(try load(yaml.replacingOccurrences(of: "BREAK", with: "30")).phases[0].postural?.breakIntervalMinutes, 30)
    }
}
