@testable import Credibility
import Foundation
import LumbarDatasets
import StudySetup
import XCTest

/// The context of use and its model risk, the verification figures (known answers, refinement series) and the
/// applicability check, on the bundled data.
final class CredibilityTests: XCTestCase {
    let store: DatasetStore = {
        do { return try DatasetStore.locate() } catch { fatalError("\(error)") }
    }()

    func context(_ influence: ContextOfUse.Level, _ consequence: ContextOfUse.Level) -> ContextOfUse {
        ContextOfUse(question: "q", decision: "d", influence: influence, consequence: consequence, cohort: "clbp-adults",
                     regimens: ["control", "core-strengthening"])
    }

    func testModelRiskRisesWithInfluenceAndConsequence() throws {
        XCTAssertEqual(try ModelRisk(context(.high, .high), store: store).name, "high")
        XCTAssertEqual(try ModelRisk(context(.low, .low), store: store).name, "low")
        XCTAssertEqual(try ModelRisk(context(.medium, .medium), store: store).name, "medium")
        for a in ContextOfUse.Level.allCases {
            for (b, c) in zip(ContextOfUse.Level.allCases, ContextOfUse.Level.allCases.dropFirst()) {
                XCTAssertLessThan(try ModelRisk(context(a, b), store: store).level, try ModelRisk(context(a, c), store: store).level)
                XCTAssertLessThan(try ModelRisk(context(b, a), store: store).level, try ModelRisk(context(c, a), store: store).level)
            }
        }
    }

    /// Settings that are judgement, not measurement (the risk map's cells, the bundled context's influence and
    /// consequence, the fatigue check's tolerance), are marked as assumptions with their reason and source.
    func testJudgementSettingsAreMarkedAsAssumptions() throws {
        let risk = try ModelRisk(context(.medium, .medium), store: store)
        XCTAssertEqual(risk.confidence, "assumption")
        XCTAssertEqual(risk.source, "asme_vv40_2018")
        let references = try String(contentsOf: store.url("references.yaml"), encoding: .utf8)
        XCTAssertTrue(references.contains("asme_vv40_2018"), "the map's source is in references.yaml")
        let bundled = try ContextOfUse.load(nil, store: store)
        XCTAssertGreaterThan(bundled.assumption?.count ?? 0, 40, "the bundled context states why its levels are what they are")
        let euler = try KnownAnswers.load(from: store).fatigue_euler
        XCTAssertEqual(euler.confidence, "assumption")
        XCTAssertEqual(euler.tolerance_s, 0.5)
        let report = CredibilityReport.riskLines(bundled, risk).joined(separator: "\n")
        XCTAssertTrue(report.contains("judgements: assumed, Influence medium"), report)
        XCTAssertTrue(report.contains("its cells: assumption"), report)
    }

    func testTheBundledContextLoadsAndABadFileNamesItsField() throws {
        let bundled = try ContextOfUse.load(nil, store: store)
        XCTAssertEqual(bundled.cohort, "clbp-adults")
        XCTAssertTrue(bundled.regimens.contains("core-strengthening"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credibility-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: store.url(ContextOfUse.defaultFile), encoding: .utf8)
        for (broken, field) in [(text.replacingOccurrences(of: "influence: medium", with: "influence: huge"), "influence"),
                                (text + "\nimpact: high\n", "impact"),
                                (text.replacingOccurrences(of: "decision:", with: "# decision:"), "decision")] {
            let file = dir.appendingPathComponent("context.yaml")
            try broken.write(to: file, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try ContextOfUse.load(file.path, store: store)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(file.path) && message.contains(field), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testKnownAnswerChecksPassOnTheCode() throws {
        let setup = try RunSetup(datasets: store.root.path, cohort: "clbp-adults", regimens: ["control"])
        let subjects = try (0..<9).map { try setup.sampler.subject(id: $0, seed: 3) }
        let checks = try Credibility.codeChecks(store: store, setup: setup, subjects: subjects, seed: 3, kernelCompare: nil)
        XCTAssertEqual(checks.count, 4)
        for check in checks { XCTAssertTrue(check.passed, "\(check)") }
        XCTAssertEqual(checks[0].measured, 0, "every Philox vector")
        XCTAssertEqual(checks[1].measured, 0, "the batch kernel equals the scalar one to the bit")
    }

    func testRefinementShrinksTheChange() throws {
        let setup = try RunSetup(datasets: store.root.path, cohort: "healthy-adults", regimens: [])
        let subjects = try (0..<4).map { try setup.sampler.subject(id: $0, seed: 1) }
        let series = try Credibility.calculationChecks(store: store, setup: setup, subjects: subjects, rates: [250, 500, 1000, 2000],
                                                       steps: [0.04, 0.02, 0.01, 0.005])
        XCTAssertEqual(series.count, 5)
        let euler = series[0]
        XCTAssertGreaterThan(try XCTUnwrap(euler.reference), 0)
        // Forward Euler is first order: halving the step halves its error from the closed form.
        for (a, b) in zip(euler.relativeChanges, euler.relativeChanges.dropFirst()) {
            XCTAssertLessThan(b, a)
            XCTAssertEqual(a / b, 2, accuracy: 0.3, "\(euler.relativeChanges)")
        }
        XCTAssertLessThan(euler.relativeChanges.last!, 1e-2)
        // The model's own integrator does not depend on how the interval is split.
        for change in series[1].relativeChanges { XCTAssertLessThan(change, 1e-9, "\(series[1])") }
        // On the ideal load cell the reported peak is the plateau of the hold, whatever the rate.
        for s in series[2...3] {
            XCTAssertEqual(s.values.count, 4)
            XCTAssertTrue(s.values.allSatisfy { $0 > 50 }, "\(s)")
            for change in s.relativeChanges { XCTAssertLessThan(change, 1e-3, "\(s)") }
        }
        // The device as specified leaves a peak error of its noise at every rate.
        XCTAssertTrue(series[4].values.allSatisfy { $0 > 0 && $0 < 20 }, "\(series[4])")
    }

    func testOutOfRangeUseIsFlagged() throws {
        let applicability = try Applicability(store: store)
        let setup = try RunSetup(datasets: store.root.path, cohort: "healthy-adults", regimens: ["core-strengthening", "manual-therapy"])
        var use = Applicability.Use(cohort: setup.cohort, regimens: setup.regimens)
        XCTAssertEqual(use.condition, "healthy")
        let inRange = applicability.check(use)
        let neural = try XCTUnwrap(inRange.first { $0.mechanism == "neural_adaptation" })
        XCTAssertEqual(neural.arms, ["core-strengthening"])
        XCTAssertFalse(neural.warnings.contains { $0.contains("sessions/week") || $0.contains("is healthy") }, "\(neural.warnings)")
        XCTAssertTrue(try XCTUnwrap(inRange.first { $0.mechanism == "manual_therapy" }).warnings.contains { $0.contains("is healthy") },
                      "manual therapy's sources studied chronic LBP")

        use.ageY = 70...90
        use.arms[0].doses["core_strengthening"] = (sessionsPerWeek: 5, weeks: 12)
        let flagged = try XCTUnwrap(applicability.check(use).first { $0.mechanism == "neural_adaptation" }).warnings
        XCTAssertTrue(flagged.contains { $0.contains("70-90 y") }, "\(flagged)")
        XCTAssertTrue(flagged.contains { $0.contains("5 sessions/week") }, "\(flagged)")
        XCTAssertTrue(try setup.applicabilityWarnings().contains { $0.hasPrefix("manual_therapy:") })
    }
}
