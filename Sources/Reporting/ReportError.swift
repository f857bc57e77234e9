import LumbarDatasets

/// Why a run folder cannot be plotted or exported: each case prints as one line that names the path and the fix.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case noSuchFolder(String)
    case interrupted(String, staging: String)
    case noManifest(String)
    case badManifest(String, reason: String)
    case unsupportedCommand(String, command: String)
    case incomplete(String, missing: [String])
    case cutShort(String, file: String)
    case changed(String, file: String)
    case needsTrial(String, what: String, file: String)
    case missingFile(String)
    case missingColumn(file: String, column: String)
    case malformed(file: String, line: Int, problem: String)
    case noData(file: String, what: String)
    case unknownOutcome(String, file: String, known: [String])

    public var description: String {
        switch self {
        case .noSuchFolder(let path):
            return "run folder \(path) does not exist"
        case .interrupted(let path, let staging):
            return "run folder \(path) does not exist: its run was interrupted (staging folder \(staging) left behind); run it again"
        case .noManifest(let path):
            return "\(path) has no manifest.json: not a LumbarSim run folder, or its run was interrupted"
        case .badManifest(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unsupportedCommand(let path, let command):
            return "\(path) was written by `lumbarsim \(command)`; plots and notebooks need a `trial` or `simulate` run folder"
        case .incomplete(let path, let missing):
            return "run folder \(path) is incomplete: \(missing.joined(separator: ", ")) listed in manifest.json but missing (interrupted or edited run?)"
        case .cutShort(let path, let file):
            return "run folder \(path) is incomplete: \(file) is cut short (interrupted run?)"
        case .changed(let path, let file):
            return "run folder \(path) has changed since it was written: \(file) does not match the CRC-32 in manifest.json"
        case .needsTrial(let path, let what, let file):
            return "\(what) needs \(file) from `lumbarsim trial`; \(path) has none"
        case .missingFile(let path):
            return "\(path) is missing"
        case .missingColumn(let file, let column):
            return "\(file) has no column \(column)"
        case .malformed(let file, let line, let problem):
            return "\(file) line \(line): \(problem)"
        case .noData(let file, let what):
            return "\(file) has no \(what)"
        case .unknownOutcome(let outcome, let file, let known):
            return "unknown outcome '\(DataFile.excerpt(outcome))' in \(file); known outcomes: \(known.joined(separator: ", "))"
        }
    }
}
