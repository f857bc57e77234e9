import Foundation
import Plots
@testable import Reporting
import XCTest

/// One colour per arm name in every figure of every command: a simulate run of core-strengthening and control and a
/// trial of core-strengthening, stretching and control draw each arm in the same colour, whatever its place.
final class ArmColoursTests: XCTestCase {
    func testAnArmHasOneColourInSimulateAndTrialFiguresAndNotebooks() throws {
        let scratch = try ReportingFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let tests = "subject_id,arm,week,torque_0,torque_12,torque_24,torque_36,torque_48,torque_60,torque_72\n"
            + (0..<3).flatMap { s in ["control", "core-strengthening"].map { "\(s),\($0),0,100,110,120,130,140,150,160\n" } }.joined()
        let outcomes = "subject_id,arm,week,csa_multifidus_cm2,csa_longissimus_cm2,csa_iliocostalis_cm2,endurance_50_s,lumbar_rom_deg,hamstring_rom_deg,pain_vas,odi,sessions_attended\n"
        let simulate = try ReportingFixtures.simulateFolder(in: scratch, tests: tests, outcomes: outcomes, arms: ["core-strengthening", "control"])
        let alpha = try ReportingFixtures.alpha()
        let simulateFigures = RunFigures(run: try RunDirectory(path: simulate.path), alpha: alpha)
        let trialFigures = RunFigures(run: try RunDirectory(path: ReportingFixtures.trialSmall.path), alpha: alpha)

        func followUpColours(_ figure: Figure) -> [String: String] {
            Dictionary(uniqueKeysWithValues: figure.panels.compactMap { panel in panel.series.last.map { (panel.title, $0.style.colour) } })
        }
        let fromSimulate = try simulateFigures.curves().panels.reduce(into: [String: String]()) { $0[$1.title] = $1.series.first?.style.colour }
        XCTAssertEqual(Set(fromSimulate.keys), ["core-strengthening", "control"])
        let fromTrial = followUpColours(try trialFigures.curves())
        for arm in ["core-strengthening", "control"] {
            XCTAssertEqual(simulateFigures.colour(arm), fromTrial[arm], arm)
        }
        let timecourse = try trialFigures.timecourse().legend.reduce(into: [String: String]()) { $0[$1.name] = $1.style.colour }
        XCTAssertEqual(timecourse, fromTrial, "the time course uses the curves' colours")
        XCTAssertEqual(Set(fromTrial.values).count, 3, "three arms, three colours")
        // The notebook's matplotlib colours are the same.
        let cell = NotebookCells.setup(dataFolder: "data", command: "trial", arms: ["stretching", "control"], alpha: alpha)
        guard case .code(let source) = cell else { return XCTFail("a code cell") }
        XCTAssertTrue(source.contains("\"control\": \"\(fromTrial["control"]!)\""), source)
    }

    /// The fixed order is the bundled regimen files' (sorted, as a default trial lists them).
    func testTheBundledOrderIsTheRegimenFiles() throws {
        let folder = ReportingFixtures.trialSmall.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/regimens")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }.sorted()
        XCTAssertEqual(ArmColours.bundled, names)
        // An arm of the user's own takes the colours after them, in the run's order.
        XCTAssertEqual(ArmColours.colour("mine", among: ["control", "mine"]), Palette.colour(7))
        XCTAssertEqual(ArmColours.colour("theirs", among: ["mine", "control", "theirs"]), Palette.colour(8))
    }
}
