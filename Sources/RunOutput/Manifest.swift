import BuildStamp
import Foundation
import LumbarDatasets

/// `manifest.json`: how a run folder came to be — tool, version, commit, seed, command line, parameters, the
/// shard and chunking of a streamed run, what it wrote (sizes and CRC-32s) and how fast.
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
    public var adcBits: Int?
    /// Weeks of the test visits when `--test-weeks` replaced the regimens' own; absent when they did not.
    public var testWeeks: [Int]?
    /// A trial's two-sided significance level (its intervals are 1 − alpha); absent for other commands.
    public var alpha: Double?
    /// Load-cell samples the tests recorded, rest intervals included (what the device would have stored).
    public var samplesTotal: Int
    /// Samples the sampling kernel computed: zeroing, ramps and holds (rest intervals are never computed).
    public var samplesComputed: Int?
    public var parameterHash: String
    public var parameterFiles: [String]
    public var outputs: [String]
    public var arms: [String]
    public var timingsS: [String: Double]
    /// Subjects per chunk of a streamed run.
    public var chunkSize: Int?
    public var shard: ShardInfo?
    public var format: TableFormat?
    /// Size and CRC-32 of each output table.
    public var files: [String: FileRecord]?
    /// The shard folders a merged run was joined from, in shard order.
    public var mergedFrom: [String]?
    /// How many times the run was resumed after an interruption.
    public var resumed: Int?
    public var performance: Performance?
    /// The build and libraries that made the run (provenance; absent in runs of earlier versions).
    public var build: BuildRecord?
    /// When the run started and finished, UTC, ISO 8601.
    public var startedAt: String?
    public var finishedAt: String?
    /// Cores of the host (`threads` says how many the run used).
    public var hostCores: Int?
    /// SHA-256 of every parameter file by content, by the name `parameter_files` gives it.
    public var inputSHA256: [String: String]?
    /// Where the run's cohort or regimens lie outside the populations and doses the model's mechanisms were
    /// sourced from (`Datasets/credibility/applicability.yaml`), one line each; absent when the command does not check.
    public var applicabilityWarnings: [String]?
    /// `simulate --uncertainty N`: the N parameter sets behind `uncertainty.csv`; absent without the option.
    public var uncertaintySets: Int?

    /// Which slice of the cohort a folder holds.
    public struct ShardInfo: Codable, Equatable, Sendable {
        public var index: Int
        public var count: Int
        public var firstSubject: Int
        public var subjects: Int

        public init(_ shard: Shard, cohortSubjects: Int, chunkSize: Int) {
            let range = shard.subjects(of: cohortSubjects, chunkSize: chunkSize)
            index = shard.index
            count = shard.count
            firstSubject = range.lowerBound
            subjects = range.count
        }

        enum CodingKeys: String, CodingKey {
            case index, count, firstSubject = "first_subject", subjects
        }
    }

    /// The closing summary of one process's work on the run (a resumed run counts only its last process).
    public struct Performance: Codable, Equatable, Sendable {
        public var subjects: Int
        public var wallS: Double
        public var subjectsPerS: Double
        public var samplesComputed: Int
        /// Kernel-computed samples per second of wall time.
        public var samplesPerS: Double
        public var peakRssMiB: Double
        /// CPU time of the process (user + system): over wall time and threads, how much of the cores it got.
        public var cpuS: Double

        public init(subjects: Int, wallS: Double, samplesComputed: Int, peakRssMiB: Double, cpuS: Double) {
            self.subjects = subjects
            self.wallS = wallS
            self.samplesComputed = samplesComputed
            self.peakRssMiB = peakRssMiB
            self.cpuS = cpuS
            subjectsPerS = Double(subjects) / max(wallS, 1e-9)
            samplesPerS = Double(samplesComputed) / max(wallS, 1e-9)
        }

        enum CodingKeys: String, CodingKey {
            case subjects, wallS = "wall_s", subjectsPerS = "subjects_per_s", samplesComputed = "samples_computed"
            case samplesPerS = "samples_per_s", peakRssMiB = "peak_rss_mib", cpuS = "cpu_s"
        }
    }

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
        case threads, device, sampleRateHz = "sample_rate_hz", adcBits = "adc_bits", testWeeks = "test_weeks"
        case samplesTotal = "samples_total", alpha
        case samplesComputed = "samples_computed"
        case parameterHash = "parameter_hash", parameterFiles = "parameter_files", outputs, arms, timingsS = "timings_s"
        case chunkSize = "chunk_size", shard, format, files, mergedFrom = "merged_from", resumed, performance
        case build, startedAt = "started_at", finishedAt = "finished_at", hostCores = "host_cores", inputSHA256 = "input_sha256"
        case applicabilityWarnings = "applicability_warnings", uncertaintySets = "uncertainty_sets"
    }

    public static let fileName = "manifest.json"

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The manifest of the run folder at `folder`, or nil when it has none or it does not decode.
    public static func read(from folder: URL) -> Manifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    /// The settings that decide a run's rows, by their manifest keys: two folders whose settings agree hold rows of
    /// the same run. Chunking and thread count do not change rows, so they are not among them.
    public var rowSettings: [(key: String, value: String)] {
        [("version", version), ("git_commit", gitCommit), ("seed", String(seed)), ("cohort", cohort),
         ("subjects", String(subjects)), ("arms", arms.joined(separator: ",")), ("device", device),
         ("sample_rate_hz", String(sampleRateHz)), ("adc_bits", adcBits.map(String.init) ?? "-"),
         ("test_weeks", testWeeks.map { $0.map(String.init).joined(separator: ",") } ?? "default"),
         ("parameter_hash", parameterHash), ("format", (format ?? .csv).rawValue)]
    }

    /// The first row setting in which `other` differs from this manifest: its key, our value and theirs.
    public func firstDifference(from other: Manifest) -> (key: String, ours: String, theirs: String)? {
        zip(rowSettings, other.rowSettings).first { $0.value != $1.value }.map { ($0.key, $0.value, $1.value) }
    }
}

public enum LumbarSimVersion {
    public static let current = "0.2.0"

    /// The git commit the binary was built from (embedded at build time), or "unknown" outside a git checkout;
    /// `LUMBARSIM_GIT_COMMIT` replaces it where a fixed text is wanted (the generated docs).
    public static var gitCommit: String {
        if let fixed = ProcessInfo.processInfo.environment["LUMBARSIM_GIT_COMMIT"], !fixed.isEmpty { return fixed }
        return BuildStamp.commit
    }
}
