import Yams

/// Values that replace those of bundled files as they are decoded, so that a sensitivity or uncertainty analysis
/// runs the model on a trial parameter set without writing a copy of `Datasets/`.
///
/// A quantity is named by its file (relative to `Datasets/`) and its dotted path in the file; its `value` is
/// replaced and the file is then decoded and checked as usual, so an out-of-range value fails as it would in data.
public struct DatasetOverrides: Sendable, Equatable, CustomStringConvertible {
    /// File → dotted path → value.
    public private(set) var values: [String: [String: Double]] = [:]

    public init() {}

    public var isEmpty: Bool { values.isEmpty }

    public mutating func set(file: String, path: String, to value: Double) {
        values[file, default: [:]][path] = value
    }

    /// `file:path=value`, sorted: what the parameter hash of an overridden run adds.
    public var description: String {
        values.keys.sorted().flatMap { file in values[file]!.keys.sorted().map { "\(file):\($0)=\(values[file]![$0]!)" } }
            .joined(separator: "\n")
    }

    /// `node` with the values of `paths` replaced; `file` names the file in the error for a path it does not hold.
    static func apply(_ paths: [String: Double], to node: Node, file: String) throws -> Node {
        var node = node
        for (path, value) in paths.sorted(by: { $0.key < $1.key }) {
            guard replace(&node, keys: path.split(separator: ".").map(String.init)[...], with: value) else {
                throw DatasetError.malformed(file: file, reason: "field \(path): no such value to override")
            }
        }
        return node
    }

    private static func replace(_ node: inout Node, keys: ArraySlice<String>, with value: Double) -> Bool {
        guard let key = keys.first, var child = node[key] else { return false }
        if keys.count == 1 {
            guard child["value"] != nil else { return false }
            child["value"] = Node("\(value)")
        } else if !replace(&child, keys: keys.dropFirst(), with: value) {
            return false
        }
        node[key] = child
        return true
    }
}
