import Foundation

/// `datapackage.json`: a Frictionless Tabular Data Package describing a run folder's tables — each column's name,
/// type, unit and meaning — so pandas, R and validators read units instead of guessing (`mean_nm` is N·m).
/// Units are a custom field property (`unit`), as the Table Schema permits; empty cells are missing values.
public struct DataPackage: Sendable {
    public static let fileName = "datapackage.json"

    /// One column of a table.
    public struct Field: Sendable {
        public enum Kind: String, Sendable { case integer, number, string, boolean }
        public var name: String
        public var kind: Kind
        public var unit: String?
        public var description: String

        public init(_ name: String, _ kind: Kind, _ unit: String? = nil, _ description: String) {
            self.name = name
            self.kind = kind
            self.unit = unit
            self.description = description
        }
    }

    /// One table file and its columns, in order.
    public struct Resource: Sendable {
        public var path: String
        public var description: String
        public var fields: [Field]

        public init(path: String, description: String, fields: [Field]) {
            self.path = path
            self.description = description
            self.fields = fields
        }
    }

    public var name: String
    public var resources: [Resource]

    public init(name: String, resources: [Resource]) {
        self.name = name
        self.resources = resources
    }

    /// The JSON text: keys sorted, so the same tables give the same bytes.
    public func json() -> Data {
        func field(_ f: Field) -> [String: Any] {
            var entry: [String: Any] = ["name": f.name, "type": f.kind.rawValue, "description": f.description]
            if let unit = f.unit { entry["unit"] = unit }
            if f.kind == .boolean {
                entry["trueValues"] = ["1"]
                entry["falseValues"] = ["0"]
            }
            return entry
        }
        let resources: [[String: Any]] = resources.map { r in
            var entry: [String: Any] = [
                "name": Self.resourceName(r.path), "path": r.path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "description": r.description,
                "schema": ["fields": r.fields.map(field), "missingValues": [""]],
            ]
            if r.path.hasSuffix(".gz") { entry["compression"] = "gz" }
            return entry
        }
        let package: [String: Any] = ["profile": "tabular-data-package", "name": name, "resources": resources]
        // Strings, numbers, arrays and dictionaries only: serialisation cannot fail.
        guard var data = try? JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("a data package holds only JSON values")
        }
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// A resource name as the standard wants it (lower-case letters, digits, `-`, `_`, `.`): the file name without
    /// its extensions.
    static func resourceName(_ path: String) -> String {
        String(path.split(separator: ".").first ?? Substring(path)).lowercased()
    }
}
