import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Reads an SVG document back: parses it as XML (so a test fails on any unescaped text) and finds elements by class.
struct SVGInspection {
    let document: XMLDocument

    init(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
        document = try XMLDocument(xmlString: svg, options: [])
        XCTAssertEqual(document.rootElement()?.name, "svg", file: file, line: line)
    }

    /// Elements whose `class` attribute is exactly `className` (or starts with it and a space, as "axis x").
    func elements(_ className: String, under root: XMLElement? = nil) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ node: XMLElement) {
            let c = Self.attribute(node, "class")
            if c == className || c.hasPrefix(className + " ") {
                found.append(node)
            }
            for child in node.children ?? [] { if let e = child as? XMLElement { visit(e) } }
        }
        visit(root ?? document.rootElement()!)
        return found
    }

    /// An attribute's value, "" when absent. (Looked up in `attributes`: on Linux `attribute(forName:)` finds
    /// nothing in a document with a default namespace, as SVG has.)
    static func attribute(_ element: XMLElement, _ name: String) -> String {
        element.attributes?.first { $0.name == name }?.stringValue ?? ""
    }

    static func number(_ element: XMLElement, _ name: String) -> Double {
        Double(attribute(element, name)) ?? .nan
    }

    /// The points of an `M x,y L x,y ...` path or a `points="x,y ..."` polygon.
    static func points(_ text: String) -> [(Double, Double)] {
        text.split(separator: " ").compactMap { token in
            let pair = token.trimmingCharacters(in: CharacterSet(charactersIn: "MLZ")).split(separator: ",")
            guard pair.count == 2, let x = Double(pair[0]), let y = Double(pair[1]) else { return nil }
            return (x, y)
        }
    }
}
