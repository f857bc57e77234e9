import Foundation
import RunOutput
import StudySetup

extension CredibilityReport {
    public static let markdownName = "credibility.md"
    public static let jsonName = "credibility.json"
    public static let defaultFolder = "lumbarsim-credibility"

    /// Pretty, key-sorted, snake_case JSON: the same bytes for the same seed and data, whatever the thread count.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Writes `credibility.md`, `credibility.json` and `manifest.json` into a run folder that appears only when
    /// complete; an existing folder is replaced only as `policy` allows (never one holding a user's files).
    public func write(to destination: URL, replacing policy: ReplacePolicy, datasets: String, gitCommit: String, commandLine: [String],
                      threads: Int, seconds: Double) throws -> URL {
        let started = Date().addingTimeInterval(-seconds)
        let folder = try RunFolder(destination: destination, replacing: policy)
        let use = context.use
        let setup = try RunSetup(datasets: datasets, cohorts: [use.cohort], regimens: use.regimens, alsoHashing: Credibility.dataFiles)
        try folder.write(Self.markdownName, Data(markdown.utf8))
        try folder.write(Self.jsonName, try json())
        var manifest = Manifest(gitCommit: gitCommit, command: "credibility", commandLine: commandLine, seed: seed, cohort: use.cohort,
                                subjects: uncertainty.perArm * use.regimens.count, threads: threads, device: setup.deviceSpec.name,
                                sampleRateHz: try setup.deviceSettings().sampleRateHz, samplesTotal: 0,
                                parameterHash: setup.parameterHash, parameterFiles: setup.parameterFiles,
                                outputs: [Self.markdownName, Self.jsonName], arms: use.regimens, timingsS: ["total": seconds])
        manifest.applicabilityWarnings = applicability.warnings
        try manifest.recordProvenance(started: started, inputs: setup.parameterDigests, tablesIn: folder.staging)
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        return folder.destination
    }
}
