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

    /// A number with `decimals` places, as C's `%.Nf` writes it; non-finite values are written empty (missing),
    /// never as "nan", and a negative value that rounds to zero is written without its sign.
    public static func number(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "" }
        let s = fixed(x, decimals) ?? String(format: "%.\(decimals)f", x)
        return s.utf8.first == UInt8(ascii: "-") && !s.utf8.contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) })
            ? String(s.dropFirst()) : s
    }

    /// `x` rounded to `decimals` places from its shortest round-tripping digits (`description`), or nil when those
    /// digits cannot decide: exponent notation, or a 5 right after the kept places and nothing beyond it.
    ///
    /// Otherwise rounding the shortest digits gives what printf gives by rounding the exact binary value: a
    /// rounding midpoint (a 5 in place `decimals` + 1) lying between the two would round-trip to `x` with fewer
    /// digits than the shortest, which is impossible. This is the table writer's hot spot: `String(format:)`
    /// costs as much as a subject's course.
    static func fixed(_ x: Double, _ decimals: Int) -> String? {
        let zero = UInt8(ascii: "0"), dot = UInt8(ascii: ".")
        var digits = Array(x.description.utf8)
        guard !digits.contains(UInt8(ascii: "e")), let point = digits.firstIndex(of: dot) else { return nil }
        let signLength = digits[0] == UInt8(ascii: "-") ? 1 : 0
        let kept = point + 1 + decimals
        if digits.count <= kept {
            digits += repeatElement(zero, count: kept - digits.count)
        } else {
            let next = digits[kept]
            if next == UInt8(ascii: "5") && digits.count == kept + 1 { return nil }
            digits.removeSubrange(kept...)
            if next >= UInt8(ascii: "5") {
                // Add one in the last kept place, carrying leftwards over the point; a carry out of the leading
                // digit adds a digit ("9.99" → "10.00").
                var i = kept - 1
                while true {
                    if digits[i] == dot { i -= 1; continue }
                    if digits[i] < UInt8(ascii: "9") { digits[i] += 1; break }
                    digits[i] = zero
                    if i == signLength { digits.insert(UInt8(ascii: "1"), at: signLength); break }
                    i -= 1
                }
            }
        }
        if decimals == 0 { digits.removeLast() }  // the point
        return String(decoding: digits, as: UTF8.self)
    }

    /// RFC 4180 quoting, only when a field needs it. The test scans UTF-8 bytes: it runs on every field of every
    /// table, and scanning Characters (grapheme breaking, String comparisons) was a tenth of the engine's work outside
    /// the kernel. It also quotes a field holding "\r\n", one Character equal to neither "\r" nor "\n".
    static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
