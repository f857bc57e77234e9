import Cohort
import Foundation
import Trial
import XCTest

/// `TrialRun.load`: a complete run loads; anything an interrupted or foreign run leaves is refused in one line.
final class TrialRunLoadTests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-trialrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    /// A run folder as `lumbarsim trial` writes it, from a small real trial.
    func writeRun(_ name: String, command: String = "trial") throws -> URL {
        let setup = try TrialFixture.setup(arms: ["control", "stretching"])
        let design = TrialFixture.design(setup, perArm: 3)
        let result = try TrialFixture.run(setup, design)
        let folder = try RunFolder(destination: tmp.appendingPathComponent(name))
        let analysis = TrialAnalysis(result, responders: setup.defaults.responders)
        let files = [(TrialTables.trialData, TrialTables.trialData(result).data),
                     (TrialTables.effects, TrialTables.effects(analysis, design: design).data)]
        for (file, data) in files { try folder.write(file, data) }
        let manifest = Manifest(gitCommit: "test", command: command, commandLine: ["test"], seed: 1, cohort: "clbp-adults",
                                subjects: design.subjects, threads: 2, device: "medx-lumbar-extension", sampleRateHz: 1000,
                                samplesTotal: 0, parameterHash: setup.parameterHash, parameterFiles: setup.parameterFiles,
                                outputs: files.map(\.0), arms: design.armNames, timingsS: [:])
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        return folder.destination
    }

    func assertRefused(_ path: String, _ expected: (TrialError) -> Bool, mentioning fragment: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try TrialRun.load(path)
            XCTFail("\(path) should be refused", file: file, line: line)
        } catch {
            XCTAssertTrue(expected(error), "\(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), "one line: \(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(fragment), "\(error)", file: file, line: line)
        }
    }

    func testACompleteRunLoadsAndItsTablesRead() throws {
        let url = try writeRun("run")
        let run = try TrialRun.load(url.path)
        XCTAssertEqual(run.manifest.command, "trial")
        XCTAssertFalse(run.hasPower)
        let effects = try run.table(TrialTables.effects, columns: TrialTables.effectColumns)
        XCTAssertEqual(effects.count, TrialOutcome.allCases.count)
        XCTAssertEqual(Set(effects.map { $0["arm"] }), ["stretching"])
        XCTAssertThrowsError(try run.table(TrialTables.power, columns: TrialTables.powerColumns))
    }

    func testAnInterruptedRunIsRefused() throws {
        let url = try writeRun("run")
        // The manifest is written last: a folder without it is a run that did not finish.
        try FileManager.default.removeItem(at: url.appendingPathComponent(Manifest.fileName))
        assertRefused(url.path, { if case .incompleteRun = $0 { true } else { false } }, mentioning: "manifest.json is missing")

        let cut = try writeRun("cut")
        let data = try Data(contentsOf: cut.appendingPathComponent(TrialTables.effects))
        try data.dropLast(7).write(to: cut.appendingPathComponent(TrialTables.effects))
        assertRefused(cut.path, { if case .incompleteRun = $0 { true } else { false } }, mentioning: "effects.csv is cut short")

        let gone = try writeRun("gone")
        try FileManager.default.removeItem(at: gone.appendingPathComponent(TrialTables.trialData))
        assertRefused(gone.path, { if case .incompleteRun = $0 { true } else { false } }, mentioning: "trial_data.csv is missing")

        // Only the staging folder of a run that was killed before renaming it into place.
        let staging = tmp.appendingPathComponent(".killed.partial-4242")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        assertRefused(tmp.appendingPathComponent("killed").path, { if case .incompleteRun = $0 { true } else { false } },
                      mentioning: "staging folder")
        assertRefused(staging.path, { if case .incompleteRun = $0 { true } else { false } }, mentioning: "manifest.json is missing")
    }

    func testFoldersThatAreNotTrialRunsAreRefused() throws {
        assertRefused(tmp.appendingPathComponent("nothing").path, { $0 == .notARunFolder(self.tmp.appendingPathComponent("nothing").path) },
                      mentioning: "not a trial run folder")
        let simulate = try writeRun("simulated", command: "simulate")
        assertRefused(simulate.path, { if case .unreadableRun = $0 { true } else { false } }, mentioning: "`simulate` run")
        let garbled = try writeRun("garbled")
        try Data("{\"tool\":".utf8).write(to: garbled.appendingPathComponent(Manifest.fileName))
        assertRefused(garbled.path, { if case .incompleteRun = $0 { true } else { false } }, mentioning: "not a readable manifest")
    }
}
