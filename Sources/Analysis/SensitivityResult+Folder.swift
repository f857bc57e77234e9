import Foundation
import RunOutput
import StudySetup

extension SensitivityResult {
    public static let tableName = "sensitivity.csv"
    public static let jsonName = "sensitivity.json"
    public static let defaultFolder = "lumbarsim-sensitivity"

    /// Pretty, key-sorted JSON: the same bytes for the same result.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes `sensitivity.csv`, `sensitivity.json` and `manifest.json` into a run folder that appears only when
    /// complete (`regimens` as given, for the manifest's parameter hash); an existing folder is replaced only as `policy` allows (never one holding a user's files).
    public func write(to destination: URL, replacing policy: ReplacePolicy, datasets: String, regimens: [String], gitCommit: String, commandLine: [String],
                      threads: Int, seconds: Double) throws -> URL {
        let folder = try RunFolder(destination: destination, replacing: policy)
        return try write(into: folder, datasets: datasets, regimens: regimens, gitCommit: gitCommit, commandLine: commandLine,
                         threads: threads, seconds: seconds)
    }

    /// As ``write(to:replacing:datasets:regimens:gitCommit:commandLine:threads:seconds:)``, into a folder already
    /// staged (a resumable run's, whose logged evaluations and record are removed before it moves into place).
    public func write(into folder: RunFolder, datasets: String, regimens: [String], gitCommit: String, commandLine: [String],
                      threads: Int, seconds: Double) throws -> URL {
        let started = Date().addingTimeInterval(-seconds)
        let setup = try RunSetup(datasets: datasets, cohort: cohort, regimens: regimens)
        try folder.write(Self.tableName, table.data)
        try folder.write(Self.jsonName, try json())
        var manifest = Manifest(gitCommit: gitCommit, command: "sensitivity", commandLine: commandLine, seed: seed, cohort: cohort,
                                subjects: subjects, threads: threads, device: setup.deviceSpec.name,
                                sampleRateHz: try setup.deviceSettings().sampleRateHz, samplesTotal: 0,
                                parameterHash: setup.parameterHash, parameterFiles: setup.parameterFiles,
                                outputs: [Self.tableName, Self.jsonName], arms: arms, timingsS: ["total": seconds])
        try manifest.recordProvenance(started: started, inputs: setup.parameterDigests, tablesIn: folder.staging)
        try folder.write(Manifest.fileName, try manifest.json())
        for work in [EvaluationLog.folderName, Self.recordName] {
            try? FileManager.default.removeItem(at: folder.staging.appendingPathComponent(work))
        }
        try folder.commit()
        return folder.destination
    }

    /// A resumable run's record in its staging folder: how it was started, for `--resume`.
    public static let recordName = "sensitivity-run.json"
}
