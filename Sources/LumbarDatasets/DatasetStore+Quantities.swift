import Yams

extension DatasetStore {
    /// Every quantity of a bundled file (a mapping with a numeric `value`) with its dotted path, depth first in file
    /// order, whatever the file's schema: the list a sensitivity analysis varies, so each must state its spread.
    public func quantities(in relativePath: String) throws -> [(path: String, quantity: Quantity)] {
        let name = "Datasets/\(relativePath)"
        guard let text = try? String(contentsOf: url(relativePath), encoding: .utf8) else {
            throw DatasetError.unreadable(file: name, reason: "not a readable UTF-8 file")
        }
        guard let root = try Yams.compose(yaml: text) else { return [] }
        return try Self.quantityNodes(in: root, path: []).map { path, node in
            do {
                let quantity = try YAMLDecoder().decode(Quantity.self, from: node)
                try quantity.validate(at: path)
                try quantity.validateSpread(at: path)
                return (path, quantity)
            } catch let error as DecodingError {
                throw DatasetError.malformed(file: name, reason: "field \(path): \(DataFile.describe(error))")
            } catch let DatasetError.invalidValue(path, reason) {
                throw DatasetError.malformed(file: name, reason: "field \(path): \(reason)")
            }
        }
    }

    static func quantityNodes(in node: Node, path: [String]) -> [(String, Node)] {
        guard let mapping = node.mapping else { return [] }
        if mapping["value"]?.string.flatMap(Double.init) != nil { return [(path.joined(separator: "."), node)] }
        return mapping.flatMap { key, child in key.string.map { quantityNodes(in: child, path: path + [$0]) } ?? [] }
    }
}

extension DataFile {
    /// The ``ModelParameterFile`` rule on a file's text: every quantity, whatever the schema, states its spread.
    static func checkSpreads(in text: String) throws {
        guard let root = try Yams.compose(yaml: text) else { return }
        for (path, node) in DatasetStore.quantityNodes(in: root, path: []) {
            try YAMLDecoder().decode(Quantity.self, from: node).validateSpread(at: path)
        }
    }
}
