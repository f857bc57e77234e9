import Foundation

/// A CSV file built in memory: a header and rows, numbers written with fixed decimals so the bytes depend only
/// on the values (no locale, no shortest-representation differences between platforms).
public struct CSVTable: Sendable {
    public let header: [String]
    private var text: String

    public init(header: [String]) {
        self.header = header
        text = Self.line(header)
    }

    public mutating func append(_ fields: [String]) {
        precondition(fields.count == header.count, "CSV row has \(fields.count) fields for \(header.count) columns")
        text += Self.line(fields)
    }

    /// One CSV line, newline included.
    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    public var data: Data { Data(text.utf8) }

    /// A number with `decimals` places; non-finite values are written empty (missing), never as "nan".
    public static func number(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "" }
        let s = String(format: "%.\(decimals)f", x)
        return s == "-" + String(format: "%.\(decimals)f", 0.0) ? String(s.dropFirst()) : s
    }

    /// RFC 4180 quoting, only when a field needs it.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
