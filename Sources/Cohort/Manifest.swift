import Foundation
import LumbarDatasets

/// `manifest.json`: how a run folder came to be — tool, version, commit, seed, command line, parameters, timings.
public struct Manifest: Codable, Sendable {
    public var tool = "lumbarsim"
    public var version = LumbarSimVersion.current
    public var gitCommit: String
    public var command: String
    public var commandLine: [String]
    public var seed: UInt64
    public var cohort: String
    public var subjects: Int
    public var threads: Int
    public var device: String
    public var sampleRateHz: Double
    public var samplesTotal: Int
    public var parameterHash: String
    public var parameterFiles: [String]
    public var outputs: [String]
    public var arms: [String]
    public var timingsS: [String: Double]

    public init(gitCommit: String, command: String, commandLine: [String], seed: UInt64, cohort: String,
                subjects: Int, threads: Int, device: String, sampleRateHz: Double, samplesTotal: Int,
                parameterHash: String, parameterFiles: [String], outputs: [String], arms: [String], timingsS: [String: Double]) {
        self.gitCommit = gitCommit
        self.command = command
        self.commandLine = commandLine
        self.seed = seed
        self.cohort = cohort
        self.subjects = subjects
        self.threads = threads
        self.device = device
        self.sampleRateHz = sampleRateHz
        self.samplesTotal = samplesTotal
        self.parameterHash = parameterHash
        self.parameterFiles = parameterFiles
        self.outputs = outputs
        self.arms = arms
        self.timingsS = timingsS
    }

    enum CodingKeys: String, CodingKey {
        case tool, version, gitCommit = "git_commit", command, commandLine = "command_line", seed, cohort, subjects
        case threads, device, sampleRateHz = "sample_rate_hz", samplesTotal = "samples_total"
        case parameterHash = "parameter_hash", parameterFiles = "parameter_files", outputs, arms, timingsS = "timings_s"
    }

    public static let fileName = "manifest.json"

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

public enum LumbarSimVersion {
    public static let current = "0.2.0"

    /// The commit of the checkout next to the datasets in use, or "unknown" outside a git checkout.
    public static func gitCommit(near store: DatasetStore) -> String {
        if let fixed = ProcessInfo.processInfo.environment["LUMBARSIM_GIT_COMMIT"], !fixed.isEmpty { return fixed }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", store.root.deletingLastPathComponent().path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "unknown"
        }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !out.isEmpty ? out : "unknown"
    }
}
