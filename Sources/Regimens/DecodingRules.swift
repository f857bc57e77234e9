import Foundation
import LumbarDatasets

/// Rule checks made while decoding, thrown as `DecodingError`s whose coding path is the offending field, so that
/// `DataFile` reports them as one line: `file: field phases[1].weeks: problem`.
extension KeyedDecodingContainer {
    /// Fails at `key` with `problem` unless `condition` holds.
    func require(_ condition: Bool, _ key: Key, _ problem: String) throws {
        if !condition { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: problem) }
    }

    /// An error at a field below this container, for rules that span several fields.
    func failure(at path: [any CodingKey], _ problem: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath + path, debugDescription: problem))
    }

    /// A session rate: 0 (rest) up to 7 (daily); whether it makes a schedule depends on the phase's weeks.
    func decodeSessionsPerWeek(forKey key: Key) throws -> Double {
        let rate = try decode(Double.self, forKey: key)
        try require((0...7).contains(rate), key, "must be within 0-7 sessions/week, got \(formatted(rate))")
        return rate
    }

    /// A dose block's own session rate, when it sets one.
    func decodeSessionsPerWeekIfPresent(forKey key: Key) throws -> Double? {
        contains(key) ? try decodeSessionsPerWeek(forKey: key) : nil
    }

    /// Decodes an ordered `[start, end]` pair that `isValid` also accepts; `rule` says which pairs those are.
    func decodePair<T: Decodable & Comparable>(_ key: Key, rule: String, _ isValid: (T, T) -> Bool) throws -> ClosedRange<T> {
        let pair = try decode([T].self, forKey: key)
        try require(pair.count == 2 && pair[0] <= pair[1] && isValid(pair[0], pair[1]), key, "must be \(rule), got \(pair)")
        return pair[0]...pair[1]
    }
}

/// Decodes one word of a closed vocabulary; an unknown word lists the known ones (the default Codable message
/// names the Swift type instead).
func decodeWord<T: RawRepresentable<String> & CaseIterable>(_ decoder: any Decoder, noun: String) throws -> T {
    let container = try decoder.singleValueContainer()
    let word = try container.decode(String.self)
    guard let value = T(rawValue: word) else {
        let known = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown \(noun) '\(DataFile.excerpt(word))' (known: \(known))")
    }
    return value
}

/// Numbers in messages as a reader would write them (`3.6`, not `3.5999999999999996`).
func formatted(_ x: Double) -> String { String(format: "%g", x) }
