/// Errors in reading `Datasets/` or a user's data file; each description is one line naming the file and field.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case unreadable(file: String, reason: String)
    case malformed(file: String, reason: String)
    case invalidValue(path: String, reason: String)
    case unknownName(kind: String, name: String, known: [String])

    public var description: String {
        switch self {
        case .notFound(let what): return "not found: \(what)"
        case .unreadable(let file, let reason): return "\(file): cannot be read: \(reason)"
        case .malformed(let file, let reason): return "\(file): \(reason)"
        case .invalidValue(let path, let reason): return "\(path): \(reason)"
        case .unknownName(let kind, let name, let known):
            return "unknown \(kind) '\(name)' (known: \(known.joined(separator: ", ")))"
        }
    }
}
