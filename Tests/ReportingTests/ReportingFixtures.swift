import Foundation
import LumbarDatasets
import RunOutput
import Trial

/// Run folders for the tests: the hand-made trial fixture (Tests/Fixtures/trial-small: 3 arms x 8 subjects, effects
/// from an ANCOVA on its trial_data.csv) copied to a scratch folder, and small simulate folders written here.
enum ReportingFixtures {
    static var trialSmall: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/trial-small")
    }

    /// The trials' significance level from the checkout's Datasets/trials/defaults.yaml.
    static func alpha() throws -> Double {
        try TrialDefaults.load(from: DatasetStore.locate()).alpha.value
    }

    static func evidence() throws -> OutcomeEvidence {
        try OutcomeEvidence.load(from: DatasetStore.locate())
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-reporting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the trial fixture at `scratch/name`, to edit.
    static func trialCopy(in scratch: URL, name: String = "trial") throws -> URL {
        let copy = scratch.appendingPathComponent(name)
        try FileManager.default.copyItem(at: trialSmall, to: copy)
        return copy
    }

    /// A simulate run folder with the given tables, its manifest listing them.
    static func simulateFolder(in scratch: URL, tests: String, outcomes: String, arms: [String]) throws -> URL {
        let folder = scratch.appendingPathComponent("sim")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let subjects = RunTables.subjectColumns.joined(separator: ",") + "\n"
        for (name, text) in [("subjects.csv", subjects), ("tests.csv", tests), ("outcomes.csv", outcomes)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let manifest = Manifest(gitCommit: "unknown", command: "simulate", commandLine: ["lumbarsim", "simulate"], seed: 3,
                                cohort: "healthy-adults", subjects: 3, threads: 1, device: "medx-lumbar-extension",
                                sampleRateHz: 1000, samplesTotal: 0, parameterHash: "fnv1a64:0", parameterFiles: [],
                                outputs: ["subjects.csv", "tests.csv", "outcomes.csv"], arms: arms, timingsS: [:])
        try manifest.json().write(to: folder.appendingPathComponent(Manifest.fileName))
        return folder
    }

    static func replace(_ target: String, with replacement: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        precondition(text.contains(target), "\(target) not in \(file.lastPathComponent)")
        try Data(text.replacingOccurrences(of: target, with: replacement).utf8).write(to: file)
    }
}
