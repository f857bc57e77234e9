import Foundation

/// A Jupyter notebook in nbformat 4.5: markdown and code cells without outputs, a python3 kernelspec, and
/// deterministic cell ids, encoded with sorted keys so the same cells give the same bytes.
struct Notebook {
    enum Cell {
        case markdown(String)
        case code(String)
    }

    var cells: [Cell]

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(cells: cells.enumerated().map { EncodedCell($0.element, id: String(format: "cell-%02d", $0.offset)) }))
        data.append(contentsOf: Array("\n".utf8))
        return data
    }

    private struct Document: Encodable {
        var cells: [EncodedCell]
        var metadata = Metadata()
        var nbformat = 4
        var nbformatMinor = 5

        enum CodingKeys: String, CodingKey {
            case cells, metadata, nbformat, nbformatMinor = "nbformat_minor"
        }
    }

    private struct Metadata: Encodable {
        var kernelspec = ["display_name": "Python 3", "language": "python", "name": "python3"]
        var languageInfo = ["name": "python"]

        enum CodingKeys: String, CodingKey {
            case kernelspec, languageInfo = "language_info"
        }
    }

    /// A cell as nbformat stores it: `source` as lines that keep their newline, code cells with no outputs yet.
    private struct EncodedCell: Encodable {
        let cell: Cell
        let id: String

        init(_ cell: Cell, id: String) {
            self.cell = cell
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case cellType = "cell_type", executionCount = "execution_count", id, metadata, outputs, source
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode([String: String](), forKey: .metadata)
            switch cell {
            case .markdown(let text):
                try container.encode("markdown", forKey: .cellType)
                try container.encode(Self.lines(text), forKey: .source)
            case .code(let text):
                try container.encode("code", forKey: .cellType)
                try container.encodeNil(forKey: .executionCount)
                try container.encode([String](), forKey: .outputs)
                try container.encode(Self.lines(text), forKey: .source)
            }
        }

        static func lines(_ text: String) -> [String] {
            let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }.filter { !$0.isEmpty }
        }
    }
}
