import Yams

/// Any key, by name or index: reads whatever keys a YAML mapping holds, and builds coding paths for errors.
public struct AnyCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public let intValue: Int?

    public init(_ name: String) { stringValue = name; intValue = nil }
    public init(index: Int) { stringValue = "\(index)"; intValue = index }
    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) { self.init(index: intValue) }
}

extension Decoder {
    /// A keyed container that rejects keys outside `Keys`.
    ///
    /// Codable silently ignores unknown keys, so a typo in a user's file (`setz:` for `sets:`) would fall back to
    /// a default or a "missing" error about the wrong field. Call this in `init(from:)`; the error's coding path
    /// ends at the unknown key, so `DataFile` reports `file: field a.b.setz: unknown field (known: ...)`.
    public func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy keys: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let known = Keys.allCases.map(\.stringValue)
        if let unknown = try container(keyedBy: AnyCodingKey.self).allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [unknown],
                                                    debugDescription: "unknown field (known: \(known.joined(separator: ", ")))"))
        }
        return try container(keyedBy: keys)
    }
}

/// A file type whose every key must be one its type reads, at any depth (cohorts, devices): Codable ignores unknown
/// keys, so a typo inside a value block (`sdd:` for `sd:`) would silently leave the value without it.
///
/// Checked by re-encoding: a key the file holds that the decoded value does not write back was not read.
public protocol RefusesUnknownKeys: Codable {}

extension RefusesUnknownKeys {
    /// The dotted path of the first key of `file` the type does not read, with the keys it reads at that level.
    func firstUnknownKey(in file: Node) throws -> (path: String, known: [String])? {
        let readBack = try Yams.compose(yaml: YAMLEncoder().encode(self)) ?? Node([(Node, Node)]())
        return Self.firstUnknownKey(in: file, readBack: readBack, path: "")
    }

    private static func firstUnknownKey(in file: Node, readBack: Node, path: String) -> (path: String, known: [String])? {
        switch (file, readBack) {
        case let (.mapping(given), .mapping(read)):
            for (key, value) in given where value.null == nil {
                let name = key.string ?? ""
                let field = path.isEmpty ? name : "\(path).\(name)"
                guard let counterpart = read[key] else {
                    return (DataFile.excerpt(field), read.keys.compactMap(\.string))
                }
                if let unknown = firstUnknownKey(in: value, readBack: counterpart, path: field) { return unknown }
            }
        case let (.sequence(given), .sequence(read)):
            for (index, (value, counterpart)) in zip(given, read).enumerated() {
                if let unknown = firstUnknownKey(in: value, readBack: counterpart, path: "\(path)[\(index)]") { return unknown }
            }
        default:
            break
        }
        return nil
    }
}
