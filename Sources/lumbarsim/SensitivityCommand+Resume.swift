import Analysis
import ArgumentParser
import Foundation
import LumbarDatasets
import RunOutput
import StudySetup

/// How a resumable sensitivity run was started, kept in its staging folder: its arguments (which decide every
/// model run) and the fingerprint of the data they read, so that a resume never mixes runs of other settings.
struct SensitivityRunRecord: Codable, Equatable {
    var arguments: [String]
    var parameterHash: String

    enum CodingKeys: String, CodingKey { case arguments, parameterHash = "parameter_hash" }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The fingerprint of the files a run of `options` reads.
    static func parameterHash(_ options: SensitivityAnalysis.Options, datasets: String?) throws -> String {
        try RunSetup(datasets: datasets, cohort: options.cohort, regimens: options.regimens).parameterHash
    }
}

extension SensitivityCommand {
    /// `--resume DIR`: the recorded options (with this command's --threads and --json), the logged model runs read back.
    func continueRun(in path: String) throws {
        let given = CommandLine.arguments.dropFirst().drop { $0 == "sensitivity" }
        if let other = given.first(where: { $0.hasPrefix("--") && !["--resume", "--threads", "--json"].contains($0.split(separator: "=").first.map(String.init) ?? $0) }) {
            throw UsageError("\(other): give --resume DIR alone (with --threads or --json): the folder records the run's other options")
        }
        guard let folder = try RunFolder(resuming: URL(fileURLWithPath: path), replacing: policy) else {
            throw UsageError("nothing to resume at \(path): no unfinished sensitivity run (\(RunFolder.resumableStaging(for: URL(fileURLWithPath: path)).path) does not exist)")
        }
        let recordURL = folder.staging.appendingPathComponent(SensitivityResult.recordName)
        guard let data = try? Data(contentsOf: recordURL), let record = try? JSONDecoder().decode(SensitivityRunRecord.self, from: data),
              var original = try? SensitivityCommand.parse(Array(record.arguments.drop { $0 == "sensitivity" })) else {
            throw UsageError("cannot resume: \(recordURL.path) is missing or damaged")
        }
        original.threads = threads
        original.json = json
        let options = try original.analysisOptions()
        let hash = try SensitivityRunRecord.parameterHash(options, datasets: original.datasets)
        guard hash == record.parameterHash else {
            throw UsageError("cannot resume \(path): its parameter files changed since it started (parameter hash \(record.parameterHash), now \(hash))")
        }
        try original.execute(options, in: folder, commandLine: ["lumbarsim"] + record.arguments)
    }
}
