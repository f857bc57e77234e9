import Cohort
import Course
import Foundation
import LumbarDatasets
import Physiology
import StudySetup
import XCTest

/// Which outcomes each of the seven regimens moves, and which it leaves alone (CLBP cohort, paired subjects).
final class RegimenEffectsTests: XCTestCase {
    static let regimens = ["core-strengthening", "stretching", "manual-therapy", "postural-ergonomic",
                           "low-impact-aerobics", "combined", "control"]

    /// Mean change from week 0 to `week` of an outcome in each arm, and the same subjects' week-0 values.
    struct Arms {
        let outcomes: [SubjectOutcome]
        let names: [String]

        func visits(_ arm: String, week: Int) -> [Visit] {
            let index = names.firstIndex(of: arm)!
            return outcomes.map { o in o.arms[index].first { $0.week == week }! }
        }

        func change(_ arm: String, week: Int = 12, _ value: (Visit) -> Double?) -> Double {
            let before = visits(arm, week: 0), after = visits(arm, week: week)
            let pairs = zip(before, after).compactMap { b, a in value(b).flatMap { vb in value(a).map { $0 - vb } } }
            return pairs.reduce(0, +) / Double(pairs.count)
        }

        func torqueGain(_ arm: String, atDeg angle: Double) -> Double {
            let before = visits(arm, week: 0), after = visits(arm, week: 12)
            let pairs = zip(before, after).compactMap { b, a -> (Double, Double)? in
                guard let x = b.isometric.reportedPeak(atDeg: angle), let y = a.isometric.reportedPeak(atDeg: angle) else { return nil }
                return (x, y)
            }
            return pairs.map(\.1).reduce(0, +) / pairs.map(\.0).reduce(0, +) - 1
        }
    }

    /// Usual care tested at week 6 too, to compare with manual therapy mid-course.
    static let controlWithWeek6: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-control-6-\(UUID().uuidString).yaml")
        let text = """
        name: control-week-6
        kind: control
        description: "Usual care, tested at weeks 0, 6 and 12"
        assumption: "test helper"
        tests_at_weeks: [6]
        phases:
          - weeks: 12
            sessions_per_week: 0
        """
        do { try text.write(to: url, atomically: true, encoding: .utf8) } catch { fatalError("\(error)") }
        return url.path
    }()

    static let arms: Arms = {
        do {
            let setup = try RunSetup(cohort: "clbp-adults", regimens: regimens + [controlWithWeek6])
            let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 21, instrument: .ideal)
            return Arms(outcomes: try runner.run(count: 150, threads: 2), names: runner.arms.map(\.name))
        } catch { fatalError("\(error)") }
    }()

    var arms: Arms { Self.arms }

    func pain(_ arm: String, week: Int = 12) -> Double { arms.change(arm, week: week) { $0.outcomes.painVAS } }
    func slr(_ arm: String) -> Double { arms.change(arm) { $0.outcomes.slrDeg } }
    func rom(_ arm: String) -> Double { arms.change(arm) { $0.outcomes.lumbarRomDeg } }
    func endurance(_ arm: String) -> Double { arms.change(arm) { $0.outcomes.endurance50S } }
    func csa(_ arm: String) -> Double { arms.change(arm) { $0.outcomes.csaCm2.multifidus } }

    func testCoreStrengtheningBuildsStrengthMostAtFullExtensionAndLowersPain() {
        let at0 = arms.torqueGain("core-strengthening", atDeg: 0), at60 = arms.torqueGain("core-strengthening", atDeg: 60)
        XCTAssertGreaterThan(at0, 0.5)
        XCTAssertGreaterThan(at0, at60, "gains are largest at full extension")
        XCTAssertGreaterThan(csa("core-strengthening"), csa("control"))
        XCTAssertLessThan(pain("core-strengthening"), pain("control") - 5)
        // Left alone: flexibility and (relative) endurance. Measurement errors belong to the test day, the same
        // in every arm, so an outcome a regimen leaves alone changes exactly as under usual care.
        XCTAssertEqual(slr("core-strengthening"), slr("control"), accuracy: 1e-9)
        XCTAssertEqual(rom("core-strengthening"), rom("control"), accuracy: 1e-9)
        XCTAssertEqual(endurance("core-strengthening"), endurance("control"), accuracy: 0.5)
    }

    func testStretchingRaisesFlexibilityAndNotStrength() {
        XCTAssertGreaterThan(slr("stretching"), 15)
        XCTAssertGreaterThan(rom("stretching"), 1)
        XCTAssertEqual(arms.torqueGain("stretching", atDeg: 0), 0, accuracy: 0.01)
        XCTAssertLessThanOrEqual(csa("stretching"), csa("control") + 1e-9)
        XCTAssertLessThan(pain("stretching"), pain("control"))
    }

    func testManualTherapyHelpsOnlyWhileItLasts() {
        // Sessions run for 6 weeks: at the week-6 visit, days after the last session, some relief remains;
        // 6 weeks after the last session it is gone.
        XCTAssertLessThan(pain("manual-therapy", week: 6), pain("control-week-6", week: 6) - 1)
        XCTAssertEqual(pain("manual-therapy", week: 12), pain("control", week: 12), accuracy: 1)
        XCTAssertLessThanOrEqual(csa("manual-therapy"), csa("control") + 1e-9, "no hypertrophy")
        XCTAssertEqual(arms.torqueGain("manual-therapy", atDeg: 0), 0, accuracy: 0.01)
    }

    func testPosturalErgonomicsLowersPainOnly() {
        XCTAssertLessThan(pain("postural-ergonomic"), pain("control") - 3)
        XCTAssertEqual(arms.torqueGain("postural-ergonomic", atDeg: 0), 0, accuracy: 0.01)
        XCTAssertEqual(slr("postural-ergonomic"), slr("control"), accuracy: 1e-9)
        XCTAssertLessThanOrEqual(csa("postural-ergonomic"), csa("control") + 1e-9)
    }

    func testAerobicsImprovesEnduranceAndPainNotStrength() {
        XCTAssertGreaterThan(endurance("low-impact-aerobics"), 5)
        XCTAssertLessThan(pain("low-impact-aerobics"), pain("control"))
        XCTAssertGreaterThan(pain("low-impact-aerobics"), pain("core-strengthening"), "walking helps less than strengthening")
        XCTAssertEqual(arms.torqueGain("low-impact-aerobics", atDeg: 0), 0, accuracy: 0.01)
    }

    /// Combined care's pain effect against usual care, relative to strengthening's, lies where multimodal
    /// exercise's SMD lies relative to resistance training's in the network meta-analysis of owen2020 (its 95 % CI
    /// over the resistance estimate): combining care does not multiply its effects.
    func testCombinedMovesEverythingAndLowersPainAsMultimodalProgrammesDo() throws {
        XCTAssertGreaterThan(arms.torqueGain("combined", atDeg: 0), 0.5)
        XCTAssertGreaterThan(slr("combined"), 15)
        XCTAssertGreaterThan(endurance("combined"), 5)
        let targets = try CalibrationTarget.load(from: DatasetStore.locate())
        func target(_ id: String) throws -> CalibrationTarget { try XCTUnwrap(targets.first { $0.id == id }, id) }
        let multimodal = try target("owen2020_multimodal_pain_smd"), resistance = try target("owen2020_resistance_pain_smd")
        let band = multimodal.uncertainty.matches(of: /-?[0-9]+\.[0-9]+/).compactMap { Double($0.output) }
        XCTAssertEqual(band.count, 2)
        let reference = try XCTUnwrap(resistance.value)
        let ratio = (pain("combined") - pain("control")) / (pain("core-strengthening") - pain("control"))
        XCTAssertGreaterThanOrEqual(ratio, band.map { $0 / reference }.min()!, "ratio \(ratio)")
        XCTAssertLessThanOrEqual(ratio, band.map { $0 / reference }.max()!, "ratio \(ratio)")
    }

    func testControlChangesNothingButNaturalHistory() {
        XCTAssertEqual(arms.torqueGain("control", atDeg: 0), 0, accuracy: 0.005)
        // Only measurement error: the mean change of 150 subjects is within 4 of its standard errors of 0.
        let p = try! RunSetup().physiology.adaptation
        XCTAssertEqual(slr("control"), 0, accuracy: 4 * 2.0.squareRoot() * p.slrMeasurementSDDeg / 150.0.squareRoot())
        XCTAssertEqual(endurance("control"), 0, accuracy: 4 * 2.0.squareRoot() * p.enduranceMeasurementSDS / 150.0.squareRoot())
        XCTAssertEqual(pain("control"), 0, accuracy: 3, "usual care: natural history and regression to the mean only")
        let sessions = arms.visits("control", week: 12).map(\.outcomes.sessionsAttended)
        XCTAssertEqual(Set(sessions), [0])
    }

    func testSessionsAttendedFollowTheSchedule() {
        XCTAssertEqual(Set(arms.visits("core-strengthening", week: 12).map(\.outcomes.sessionsAttended)), [12])
        XCTAssertEqual(Set(arms.visits("core-strengthening", week: 6).map(\.outcomes.sessionsAttended)), [6])
    }
}
