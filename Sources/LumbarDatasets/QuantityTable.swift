/// A parameter file of sections of named quantities (`section: {name: {value, unit, source, ...}}`), read by
/// name into plain numbers.
///
/// Reading through a table rather than a Codable struct per section keeps each model's parameter list in one
/// place (the code that uses it), while still failing on a missing name or on a name nobody reads (a typo).
public struct QuantityTable: Decodable, Sendable, QuantityValidating, ModelParameterFile {
    public let sections: [String: [String: Quantity]]

    public init(from decoder: Decoder) throws {
        sections = try decoder.singleValueContainer().decode([String: [String: Quantity]].self)
    }

    public func validateQuantities(path: String) throws {
        for (section, entries) in sections {
            for (name, quantity) in entries { try quantity.validate(at: "\(section).\(name)") }
        }
    }
}

/// Reads a ``QuantityTable`` by name, remembering what was read so that leftovers can be reported.
public struct QuantityReader {
    private let table: QuantityTable
    private let file: String
    private var used: Set<String> = []

    public init(_ table: QuantityTable, file: String) {
        self.table = table
        self.file = file
    }

    /// The value of `section.name`, checked against `range` when given.
    public mutating func value(_ section: String, _ name: String, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let quantity = table.sections[section]?[name] else {
            throw DatasetError.malformed(file: file, reason: "field \(section).\(name): missing")
        }
        if let range, !range.contains(quantity.value) {
            throw DatasetError.malformed(file: file, reason: "field \(section).\(name): \(quantity.value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        used.insert("\(section).\(name)")
        return quantity.value
    }

    /// Throws for the first field that no model read: a misspelt or obsolete parameter.
    public func finish() throws {
        for (section, entries) in table.sections.sorted(by: { $0.key < $1.key }) {
            for name in entries.keys.sorted() where !used.contains("\(section).\(name)") {
                throw DatasetError.malformed(file: file, reason: "field \(section).\(name): unknown parameter")
            }
        }
    }
}
