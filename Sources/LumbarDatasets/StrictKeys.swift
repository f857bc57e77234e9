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
