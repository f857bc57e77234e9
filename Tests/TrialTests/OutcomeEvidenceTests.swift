import Foundation
import LumbarDatasets
import Regimens
import Trial
import XCTest

/// The evidence labels every output carries beside pain and disability effects (issue 13 (a)).
final class OutcomeEvidenceTests: XCTestCase {
    func testPainAndDisabilityAreLabelledInputsWithSourcesInTheBibliography() throws {
        let store = try DatasetStore.locate()
        let evidence = try OutcomeEvidence.load(from: store)
        let references = try String(contentsOf: store.url("references.yaml"), encoding: .utf8)
        let keys = Set(references.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && $0.hasSuffix(":") }
            .map { String($0.dropLast()) })
        for kind in RegimenKind.allCases {
            for outcome in [TrialOutcome.pain, .odi] {
                let label = evidence.label(outcome, kind: kind)
                XCTAssertEqual(label.evidence, .input, "\(outcome.rawValue) in \(kind.rawValue)")
                XCTAssertFalse(label.sources.isEmpty)
                for source in label.sources { XCTAssertTrue(keys.contains(source), "unknown source \(source)") }
            }
            XCTAssertEqual(evidence.label(.torqueMean, kind: kind), evidence.fallback)
        }
        XCTAssertEqual(evidence.fallback.evidence, .mechanism)
        XCTAssertTrue(evidence.label(.pain, kind: .coreStrengthening).sources.contains("hayden2021"))
        XCTAssertTrue(evidence.label(.pain, kind: .lowImpactAerobics).sources.contains("pocovi2022"))
    }

    func testAnUnknownOutcomeOrKindIsAnErrorNamingFileAndField() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let label = "{evidence: input, sources: [hayden2021], basis: \"x\"}"
        for (text, field) in [("outcomes: {pain: {other: \(label)}}", "pain"), ("outcomes: {pain_vas: {yoga: \(label)}}", "yoga")] {
            let url = folder.appendingPathComponent("outcome-evidence.yaml")
            try "default: {evidence: mechanism, sources: [], basis: \"m\"}\n\(text)\n".write(to: url, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try DataFile.decode(OutcomeEvidence.self, from: url)) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.contains("outcome-evidence.yaml") && message.contains(field), message)
            }
        }
    }

    func testEffectsAndReportCarryTheLabels() throws {
        let setup = try TrialFixture.setup(arms: ["control", "core-strengthening"])
        let design = TrialFixture.design(setup, perArm: 4, instrument: .ideal)
        let result = try TrialFixture.run(setup, design, seed: 3)
        let analysis = TrialAnalysis(result, responders: setup.defaults.responders)
        let table = TrialTables.effects(analysis, design: design, evidence: setup.evidence)
        let text = String(decoding: table.data, as: UTF8.self)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines[0].hasSuffix(",covariates,evidence,evidence_basis,measure,events_arm,events_reference,risk_arm,risk_reference"))
        let pain = try XCTUnwrap(lines.first { $0.hasPrefix("pain_vas,") })
        XCTAssertTrue(pain.contains(",input,") && pain.contains("hayden2021"), String(pain))
        XCTAssertTrue(try XCTUnwrap(lines.first { $0.hasPrefix("torque_mean,") }).contains(",mechanism,"))
        // Recurrence: a risk-ratio row per compared arm, labelled an input, after the ANCOVA rows.
        let recurrence = try XCTUnwrap(lines.last)
        XCTAssertTrue(recurrence.hasPrefix("recurrence_12m,core-strengthening,control,") && recurrence.contains(",input,")
                      && recurrence.contains("steffens2016") && recurrence.contains(",risk_ratio,"), String(recurrence))
        let unmarked = lines.dropFirst().dropLast().filter { !$0.hasSuffix(",difference,,,,") }
        XCTAssertTrue(unmarked.isEmpty, unmarked.joined(separator: "\n"))
        let data = String(decoding: TrialTables.trialData(result).data, as: UTF8.self).split(separator: "\n")
        XCTAssertTrue(data[0].hasSuffix(",dropout_day,recurrence_12m,days_to_recurrence"))
        let report = TrialReport(result: result, analysis: analysis, power: nil, evidence: setup.evidence,
                                 provenance: .init(commandLine: [], version: "", gitCommit: "", parameterHash: "", cohorts: [], instrument: ""),
                                 outcomes: [.pain]).markdown
        XCTAssertTrue(report.contains("## Recurrence in the 12 months after follow-up") && report.contains("| recurrence_12m | core-strengthening | input |"))
    }
}
