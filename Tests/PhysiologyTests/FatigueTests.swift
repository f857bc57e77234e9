import Foundation
import LumbarDatasets
import Physiology
import TestSupport
import XCTest

final class FatigueTests: XCTestCase {
    let trunk = TestData.trunkFatigue

    func testCompartmentsStayInThePoolAndSumToOneOverRandomSchedules() {
        var random = seededGenerator(20_080_730)
        for _ in 0..<4 {
            var state = FatigueState.rested
            for _ in 0..<50 {
                let load: Double
                switch random.next() % 4 {
                case 0: load = 0
                case 1: load = 1
                default: load = Double.random(in: 0...1, using: &random)
                }
                let seconds = exp(Double.random(in: log(0.001)...log(3600), using: &random))
                state.advance(targetLoad: load, seconds: seconds, parameters: trunk)
                for fraction in [state.active, state.fatigued, state.resting] {
                    XCTAssertTrue((0...1).contains(fraction), "\(state) after \(seconds) s at \(load)")
                }
                XCTAssertEqual(state.active + state.fatigued + state.resting, 1, accuracy: 1e-12)
            }
        }
    }

    func testActiveTracksTheTargetWithinASecondWhileRestingUnitsRemain() {
        for load in [0.2, 0.5, 0.8] {
            var state = FatigueState.rested
            let endurance = FatigueState.enduranceTime(targetLoad: load, parameters: trunk)
            var t = 0.0
            while t + 1 < endurance {
                state.advance(targetLoad: load, seconds: 1, parameters: trunk)
                t += 1
                XCTAssertGreaterThan(state.resting, 0)
                XCTAssertEqual(state.active, load, accuracy: 1e-3, "TL \(load) at \(t) s")
            }
        }
        // Stepping down: the controller releases units as fast as it recruits them.
        var state = FatigueState.rested
        state.advance(targetLoad: 0.8, seconds: 30, parameters: trunk)
        state.advance(targetLoad: 0.3, seconds: 1, parameters: trunk)
        XCTAssertEqual(state.active, 0.3, accuracy: 1e-3)
    }

    func testTheAnswerDoesNotDependOnTheStepLength() {
        // 200 s at 60 %: past failure (≈ 92 s), so both controller regimes and the switch between them are crossed.
        var once = FatigueState.rested, short = once, odd = once
        once.advance(targetLoad: 0.6, seconds: 200, parameters: trunk)
        for _ in 0..<20_000 { short.advance(targetLoad: 0.6, seconds: 0.01, parameters: trunk) }
        for _ in 0..<27 { odd.advance(targetLoad: 0.6, seconds: 200.0 / 27, parameters: trunk) }
        var reference = FatigueEulerReference()
        for _ in 0..<2_000_000 { reference.step(targetLoad: 0.6, dt: 1e-4, parameters: trunk) }
        for state in [short, odd] {
            XCTAssertEqual(state.active, once.active, accuracy: 1e-9)
            XCTAssertEqual(state.fatigued, once.fatigued, accuracy: 1e-9)
        }
        XCTAssertEqual(once.active, reference.active, accuracy: 1e-6)
        XCTAssertEqual(once.fatigued, reference.fatigued, accuracy: 1e-6)
    }

    func testClosedFormHoldsAgreeWithTheEulerReferenceFromRandomStates() {
        // Random sustainable start states and loads, 20 s each: the closed-form state when the load is held
        // throughout, the failure time when it is not. Euler at 0.1 ms is good to ~1e-6 in state, ~1 ms in time.
        var random = seededGenerator(2_018_0312)
        var failures = 0
        for _ in 0..<24 {
            let load = Double.random(in: 0.05...1, using: &random)
            let fatigued = Double.random(in: 0...(1 - load), using: &random)
            let active = Double.random(in: 0...(1 - fatigued), using: &random)
            let start = FatigueState(active: active, fatigued: fatigued)
            let horizon = 20.0
            let endurance = FatigueState.enduranceTime(targetLoad: load, parameters: trunk, maxSeconds: horizon,
                                                       from: start)
            var reference = FatigueEulerReference(active: active, fatigued: fatigued)
            var t = 0.0
            while t < horizon - 5e-5 && reference.capacity >= load - 1e-9 {
                reference.step(targetLoad: load, dt: 1e-4, parameters: trunk)
                t += 1e-4
            }
            let label = "TL \(load) from \(start)"
            if endurance < horizon {
                failures += 1
                XCTAssertEqual(endurance, t, accuracy: 0.01, label)
            } else {
                XCTAssertEqual(t, horizon, accuracy: 1e-3, label)
                var held = start
                held.advance(targetLoad: load, seconds: horizon, parameters: trunk)
                XCTAssertEqual(held.active, reference.active, accuracy: 1e-5, label)
                XCTAssertEqual(held.fatigued, reference.fatigued, accuracy: 1e-5, label)
            }
        }
        XCTAssertGreaterThan(failures, 2, "the draws should include holds that fail within 20 s")
        XCTAssertLessThan(failures, 22, "...and holds that last")
    }

    func testEnduranceTimeFallsAsTheLoadRises() {
        let loads = stride(from: 0.1, through: 1.0, by: 0.1).map { $0 }
        let times = loads.map { FatigueState.enduranceTime(targetLoad: $0, parameters: trunk) }
        for (longer, shorter) in zip(times, times.dropFirst()) { XCTAssertGreaterThan(longer, shorter, "\(times)") }
        XCTAssertEqual(times.last ?? -1, 0, accuracy: 0.05, "at 100 % the resting pool is spent at once")
        // A load whose steady state leaves M_A + M_R above it is held indefinitely.
        XCTAssertEqual(FatigueState.enduranceTime(targetLoad: 0.05, parameters: trunk), 3600)
        XCTAssertEqual(FatigueState.enduranceTime(targetLoad: 0, parameters: trunk, maxSeconds: 10), 10)
    }

    func testEnduranceTimeAtHalfMaximumMatchesAFineEulerReference() {
        let load = 0.5
        let endurance = FatigueState.enduranceTime(targetLoad: load, parameters: trunk)
        var reference = FatigueEulerReference()
        var t = 0.0
        while reference.capacity >= load {
            reference.step(targetLoad: load, dt: 1e-4, parameters: trunk)
            t += 1e-4
        }
        XCTAssertEqual(endurance, t, accuracy: 0.5)
        XCTAssertEqual(endurance, t, accuracy: 0.01, "observed agreement ≈ 0.1 ms")
    }

    func testEnduranceTimeAgreesWithItsClosedFormApproximations() {
        let load = 0.5, F = trunk.F, R = trunk.R, L = trunk.controllerGain
        let endurance = FatigueState.enduranceTime(targetLoad: load, parameters: trunk)
        // While M_A tracks at L·TL/(L + F), M_F = (F·M_A/R)(1 − e^{−R t}) reaches 1 − TL at the time below; the
        // model adds only the ~1/L it takes to recruit.
        let tracked = L * load / (L + F)
        let withRecovery = -log(1 - R * (1 - load) / (F * tracked)) / R
        XCTAssertEqual(endurance, withRecovery, accuracy: 0.2)
        // Neglecting recovery gives (1 − TL)/(F·TL). Recovery during the hold lengthens it by a factor
        // ≈ 1 + R·ET/2 (≈ 1.05 here, R·ET ≈ 0.1), so 6 % is the tolerance; the observed excess is ≈ 5.4 %.
        let withoutRecovery = (1 - load) / (F * load)
        XCTAssertGreaterThan(endurance, withoutRecovery)
        XCTAssertEqual(endurance / withoutRecovery, 1, accuracy: 0.06)
    }

    func testTrunkEnduranceAtHalfMaximumIsPlausible() {
        // Plausibility band only: Biering-Sørensen holds (the unsupported trunk, well below maximal effort) last
        // about 146 s in men and 189 s in women (McGill 1999); a 50 % MVC hold should land in the same range.
        let endurance = FatigueState.enduranceTime(targetLoad: 0.5, parameters: trunk)
        XCTAssertGreaterThan(endurance, 100)
        XCTAssertLessThan(endurance, 200)
    }

    func testRestRecoveryMultiplierSpeedsRecoveryBetweenContractions() {
        // Just after a hold at 50 %: half the pool active, 30 % fatigued.
        let fatigued = FatigueState(active: 0.5, fatigued: 0.3)
        var withRest = fatigued, withoutRest = fatigued
        var plain = trunk
        plain.restMultiplier = 1
        withRest.advance(targetLoad: 0, seconds: 60, parameters: trunk)
        withoutRest.advance(targetLoad: 0, seconds: 60, parameters: plain)
        XCTAssertLessThan(withRest.fatigued, withoutRest.fatigued)
        XCTAssertGreaterThan(withRest.capacity, withoutRest.capacity)
        // r·R sets the pace, plus at most the F·M_A/L that the departing active units feed in.
        XCTAssertEqual(withRest.fatigued, 0.3 * exp(-trunk.restMultiplier * trunk.R * 60),
                       accuracy: trunk.F * 0.5 / trunk.controllerGain)
    }

    func testLongRestClosedFormAgreesWithSteppingAndWithTheEulerReference() {
        let start = FatigueState(active: 0.5, fatigued: 0.3)
        var once = start, stepped = start
        once.advance(targetLoad: 0, seconds: 60, parameters: trunk)
        for _ in 0..<120 { stepped.advance(targetLoad: 0, seconds: 0.5, parameters: trunk) }
        XCTAssertEqual(once.active, stepped.active, accuracy: 1e-9)
        XCTAssertEqual(once.fatigued, stepped.fatigued, accuracy: 1e-9)

        var reference = FatigueEulerReference(active: start.active, fatigued: start.fatigued)
        for _ in 0..<600_000 { reference.step(targetLoad: 0, dt: 1e-4, parameters: trunk) }
        XCTAssertEqual(once.fatigued, reference.fatigued, accuracy: 1e-6)

        // A week between sessions in one call, and in daily calls: both back to rested.
        var week = start, daily = start
        week.advance(targetLoad: 0, seconds: 7 * 86_400, parameters: trunk)
        for _ in 0..<7 { daily.advance(targetLoad: 0, seconds: 86_400, parameters: trunk) }
        XCTAssertEqual(week.fatigued, daily.fatigued, accuracy: 1e-12)
        XCTAssertEqual(week.fatigued, 0, accuracy: 1e-12)
        XCTAssertEqual(week.active, 0)
    }

    func testRepetitionsToFailureOnTheMachine() {
        func reps(_ concentric: Double, _ eccentric: Double, _ parameters: FatigueParameters) -> Int {
            FatigueState.repsToFailure(concentricTL: concentric, eccentricTL: eccentric, upSeconds: 2, downSeconds: 4,
                                       parameters: parameters).reps
        }
        let heavy = reps(0.8, 0.73, trunk)
        XCTAssertEqual(heavy, 6)
        XCTAssertLessThan(reps(0.9, 0.82, trunk), heavy)
        XCTAssertGreaterThan(reps(0.7, 0.64, trunk), heavy)
        var fitter = trunk
        fitter.F *= 0.7
        XCTAssertGreaterThan(reps(0.8, 0.73, fitter), heavy)

        // The set ends after a completed lowering that left too little for the next lift; light loads run to the cap.
        let set = FatigueState.repsToFailure(concentricTL: 0.8, eccentricTL: 0.73, upSeconds: 2, downSeconds: 4,
                                             parameters: trunk)
        XCTAssertFalse(set.state.canSustain(0.8))
        XCTAssertTrue(set.state.canSustain(0.73))
        let light = FatigueState.repsToFailure(concentricTL: 0.05, eccentricTL: 0.04, upSeconds: 2, downSeconds: 4,
                                               parameters: trunk, maxReps: 20)
        XCTAssertEqual(light.reps, 20)
    }

    func testFatigueConstantsLoadFromTheBundledDatasets() throws {
        let constants = try FatigueConstants.load(from: DatasetStore.locate())
        let p = constants.parameters
        XCTAssertGreaterThan(p.controllerGain, 100 * p.F, "the controller must be fast next to fatigue")
        XCTAssertGreaterThan(p.F, p.R, "fatigue outpaces recovery under load")
        XCTAssertGreaterThan(p.restMultiplier, 1)
        XCTAssertTrue((0..<1).contains(constants.aerobicTrainingFReductionMax.value))
        XCTAssertGreaterThan(constants.aerobicTrainingRGainMax.value, 0)
        XCTAssertEqual(constants.fatigueRate.source, "freylaw2012")
        XCTAssertNotNil(constants.restRecoveryMultiplier.assumption)
    }

    func testFatigueConstantsRejectAValueWithoutSourceOrAssumption() throws {
        let text = try rejection(editing: "fatigue_rate_F") { line in
            ["source:", "locator:", "confidence:"].contains { line.hasPrefix("  \($0)") } ? nil : line
        }
        XCTAssertTrue(text.contains("fatigue_rate_F"), text)
        XCTAssertTrue(text.contains("neither a source nor an assumption"), text)
        XCTAssertFalse(text.contains("\n"))

        let zero = try rejection(editing: "recovery_rate_R") { $0.hasPrefix("  value:") ? "  value: 0" : ($0.hasPrefix("  range:") ? "  sd: 0" : $0) }
        XCTAssertTrue(zero.contains("recovery_rate_R") && zero.contains("> 0"), zero)
    }

    /// Loads a copy of the bundled file with the lines of one top-level entry edited, and returns the error.
    private func rejection(editing entry: String, _ edit: (String) -> String?) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-fatigue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("physiology"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: DatasetStore.locate().url(FatigueConstants.datasetPath), encoding: .utf8)
        var inEntry = false
        let edited = original.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            let line = String(line)
            if !line.hasPrefix(" ") { inEntry = line == "\(entry):" }
            return inEntry ? edit(line) : line
        }.joined(separator: "\n")
        XCTAssertNotEqual(edited, original)
        try edited.write(to: folder.appendingPathComponent(FatigueConstants.datasetPath), atomically: true, encoding: .utf8)
        try "{}".write(to: folder.appendingPathComponent("references.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try FatigueConstants.load(from: DatasetStore(root: folder))
        } catch {
            return "\(error)"
        }
        XCTFail("the edited \(entry) was accepted")
        return ""
    }
}
