import Foundation
@testable import Reporting
import XCTest

/// A run folder is read only when complete; every refusal is one line that names the folder or file.
final class RunDirectoryTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try ReportingFixtures.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func assertRefusal(_ path: String, _ expected: ReportError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RunDirectory(path: path), file: file, line: line) { error in
            XCTAssertEqual(error as? ReportError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
    }

    func testACompleteTrialFolderOpens() throws {
        let run = try RunDirectory(path: ReportingFixtures.trialSmall.path)
        XCTAssertEqual(run.kind, .trial)
        XCTAssertEqual(run.manifest.arms, ["core-strengthening", "stretching", "control"])
    }

    func testMissingAndInterruptedFoldersAreRefused() throws {
        let missing = scratch.appendingPathComponent("nothing").path
        assertRefusal(missing, .noSuchFolder(missing))
        // A killed run leaves only its hidden staging folder beside the destination.
        let staging = scratch.appendingPathComponent(".run.partial-4242")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let run = scratch.appendingPathComponent("run").path
        assertRefusal(run, .interrupted(run, staging: staging.path))
        // The staging folder itself has no manifest yet (it is written last).
        assertRefusal(staging.path, .noManifest(staging.path))
    }

    func testAnIncompleteOrForeignFolderIsRefused() throws {
        let copy = try ReportingFixtures.trialCopy(in: scratch)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("power.csv"))
        assertRefusal(copy.path, .incomplete(copy.path, missing: ["power.csv"]))
        try FileManager.default.copyItem(at: ReportingFixtures.trialSmall.appendingPathComponent("power.csv"), to: copy.appendingPathComponent("power.csv"))
        // A file cut short by a crash mid-write lacks its final newline.
        let effects = copy.appendingPathComponent("effects.csv")
        let full = try Data(contentsOf: effects)
        try full.dropLast(7).write(to: effects)
        assertRefusal(copy.path, .cutShort(copy.path, file: "effects.csv"))
        try full.write(to: effects)

        let manifest = copy.appendingPathComponent("manifest.json")
        try ReportingFixtures.replace("\"command\": \"trial\"", with: "\"command\": \"validate\"", in: manifest)
        assertRefusal(copy.path, .unsupportedCommand(copy.path, command: "validate"))

        try Data("{\"tool\": \"lumbarsim\"".utf8).write(to: manifest)
        assertRefusal(copy.path, .badManifest(manifest.path, reason: "not valid JSON"))
        try Data("{\"tool\": \"lumbarsim\"}".utf8).write(to: manifest)
        XCTAssertThrowsError(try RunDirectory(path: copy.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read \(manifest.path): key '"), "\(error)")
        }
    }

    func testMalformedTablesNameTheirFileLineAndColumn() throws {
        let copy = try ReportingFixtures.trialCopy(in: scratch)
        let figures = RunFigures(run: try RunDirectory(path: copy.path), alpha: try ReportingFixtures.alpha())
        try ReportingFixtures.replace("core-strengthening,baseline,0,8,101.415", with: "core-strengthening,baseline,0,8,1O1.415",
                                      in: copy.appendingPathComponent("curves.csv"))
        XCTAssertThrowsError(try figures.curves()) {
            XCTAssertEqual($0 as? ReportError, .malformed(file: "curves.csv", line: 2, problem: "mean_nm '1O1.415' is not a number"))
        }
        try ReportingFixtures.replace("arm,week,outcome,n,mean,", with: "arm,week,measure,n,mean,", in: copy.appendingPathComponent("timecourse.csv"))
        XCTAssertThrowsError(try figures.timecourse()) {
            XCTAssertEqual($0 as? ReportError, .missingColumn(file: "timecourse.csv", column: "outcome"))
        }
        try ReportingFixtures.replace("10,pain_vas,core-strengthening,control,200,0.3450", with: "10,pain_vas,core-strengthening,control,200,34.5",
                                      in: copy.appendingPathComponent("power.csv"))
        XCTAssertThrowsError(try figures.power()) { error in
            XCTAssertTrue("\(error)".hasPrefix("power.csv line "), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("power 34.5 is not a fraction between 0 and 1"), "\(error)")
        }
        let effects = copy.appendingPathComponent("effects.csv")
        let text = try String(contentsOf: effects, encoding: .utf8)
        try Data((text + "odi,stretching,control\n").utf8).write(to: effects)
        XCTAssertThrowsError(try figures.forest(outcome: nil)) {
            XCTAssertEqual($0 as? ReportError, .malformed(file: "effects.csv", line: 28, problem: "3 fields for 18 columns"))
        }
    }

    func testTrialFiguresOfASimulateFolderAreRefused() throws {
        let folder = try ReportingFixtures.simulateFolder(in: scratch, tests: "subject_id,arm,week\n", outcomes: "subject_id,arm,week\n", arms: [])
        let figures = RunFigures(run: try RunDirectory(path: folder.path), alpha: try ReportingFixtures.alpha())
        XCTAssertEqual(figures.available, [.curves], "no test after week 0")
        XCTAssertThrowsError(try figures.forest(outcome: nil)) {
            XCTAssertEqual("\($0)", "plot forest needs effects.csv from `lumbarsim trial`; \(folder.path) has none")
        }
        XCTAssertThrowsError(try figures.curves()) {
            XCTAssertEqual($0 as? ReportError, .missingColumn(file: "tests.csv", column: "torque_0"))
        }
    }
}
