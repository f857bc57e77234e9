import Foundation
import LumbarDatasets
import Testing

@Suite struct CSVReaderTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() {
        let text = "id,note,value\na,\"x, y\",1\nb,\"say \"\"hi\"\"\",2\nc,\"two\nlines\",3\n"
        #expect(CSVReader.rows(text) == [["id", "note", "value"], ["a", "x, y", "1"], ["b", "say \"hi\"", "2"], ["c", "two\nlines", "3"]])
    }

    @Test func crlfLineEndingsAndMissingTrailingNewline() {
        #expect(CSVReader.rows("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(CSVReader.records("a,b\n1,\n") == [["a": "1", "b": ""]])
    }
}

@Suite struct ParameterHashTests {
    /// FNV-1a 64 reference values (Fowler/Noll/Vo test suite): "" and "a".
    @Test func knownAnswers() {
        #expect(ParameterHash().hexDigest == "fnv1a64:cbf29ce484222325")
        var a = ParameterHash()
        a.add(Array("a".utf8))
        #expect(a.hexDigest == "fnv1a64:af63dc4c8601ec8c")
    }

    @Test func fileNameAndContentsBothCount() {
        var x = ParameterHash(), y = ParameterHash(), z = ParameterHash()
        x.add(name: "a.yaml", contents: Array("v: 1".utf8))
        y.add(name: "b.yaml", contents: Array("v: 1".utf8))
        z.add(name: "a.yaml", contents: Array("v: 2".utf8))
        #expect(x.hexDigest != y.hexDigest)
        #expect(x.hexDigest != z.hexDigest)
    }
}

@Suite struct QuantityTests {
    @Test func aValueNeedsASourceOrAnAssumption() throws {
        #expect(throws: DatasetError.self) { try Quantity(value: 1, unit: "cm").validate(at: "x") }
        try Quantity(value: 1, unit: "cm", source: "stokes2005").validate(at: "x")
        try Quantity(value: 1, unit: "cm", assumption: "because").validate(at: "x")
        #expect(throws: DatasetError.self) { try Quantity(value: .nan, unit: "cm", source: "s").validate(at: "x") }
        #expect(throws: DatasetError.self) { try Quantity(value: 1, unit: "cm", sd: -1, source: "s").validate(at: "x") }
    }
}

@Suite struct BundledDatasetsTests {
    @Test func everySourceKeyIsInTheBibliography() throws {
        let store = try DatasetStore.locate()
        let references = try String(contentsOf: store.url("references.yaml"), encoding: .utf8)
        let keys = Set(references.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && $0.hasSuffix(":") }
            .map { String($0.dropLast()) })
        #expect(keys.count > 20)
        for folder in ["physiology", "cohorts", "device", "trials"] {
            for name in store.names(in: folder) {
                let text = try String(contentsOf: store.url("\(folder)/\(name).yaml"), encoding: .utf8)
                let pattern = /source: ([A-Za-z0-9_]+)/
                for match in text.matches(of: pattern) {
                    #expect(keys.contains(String(match.1)), "\(folder)/\(name).yaml cites unknown source \(match.1)")
                }
            }
        }
    }

    @Test func calibrationTargetsCarryTheMedXNorms() throws {
        let targets = try CalibrationTarget.load(from: DatasetStore.locate())
        let byId = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0) })
        #expect(byId["norm_men_72"]?.value == 355)
        #expect(byId["norm_women_0"]?.value == 106)
        #expect(byId["pollock_gain_0"]?.value == 102)
        #expect(byId["massage_duration"]?.value == nil)
        #expect(targets.allSatisfy { !$0.source.isEmpty })
    }
}
