import Foundation
import LumbarDatasets

/// A CSV file of a run, checked on reading: required columns present, every row as wide as the header. Cells are
/// read by column name; a cell that should be a number and is not names its file, line and column.
struct RunCSV {
    let file: String
    let header: [String]
    let rows: [[String]]
    private let index: [String: Int]

    /// The table `file` from its (decompressed) bytes.
    init(data: Data, file: String, columns: [String]) throws(ReportError) {
        self.file = file
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(file: file, line: 1, problem: "not UTF-8 text")
        }
        let all = CSVReader.rows(text)
        header = all.first ?? []
        index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for column in columns where index[column] == nil { throw .missingColumn(file: file, column: column) }
        rows = Array(all.dropFirst())
        for (offset, row) in rows.enumerated() where row.count != header.count {
            throw .malformed(file: file, line: offset + 2, problem: "\(row.count) fields for \(header.count) columns")
        }
    }

    func string(_ row: Int, _ column: String) -> String {
        rows[row][index[column]!]
    }

    /// A number, or nil for an empty cell (a value the run could not measure).
    func number(_ row: Int, _ column: String) throws(ReportError) -> Double? {
        let text = string(row, column)
        if text.isEmpty { return nil }
        guard let value = Double(text), value.isFinite else {
            throw .malformed(file: file, line: row + 2, problem: "\(column) '\(DataFile.excerpt(text))' is not a number")
        }
        return value
    }

    /// A count that must be there: a whole number from 0 up to `Int32.max` (a table is never trusted to fit an `Int`).
    func count(_ row: Int, _ column: String) throws(ReportError) -> Int {
        let value = try required(row, column)
        guard value == value.rounded(), (0...Double(Int32.max)).contains(value) else {
            throw .malformed(file: file, line: row + 2, problem: "\(column) \(value) is not a count")
        }
        return Int(value)
    }

    /// A number that must be there.
    func required(_ row: Int, _ column: String) throws(ReportError) -> Double {
        guard let value = try number(row, column) else {
            throw .malformed(file: file, line: row + 2, problem: "\(column) is empty")
        }
        return value
    }

    /// A missing number as NaN, which every plot skips: for values a run may leave empty (an angle nobody reached).
    func optional(_ row: Int, _ column: String) throws(ReportError) -> Double {
        try number(row, column) ?? .nan
    }

    var rowIndices: Range<Int> { rows.indices }
}
