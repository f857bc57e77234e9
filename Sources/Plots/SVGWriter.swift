import Foundation

/// Builds SVG text element by element. Every number goes through `SVGWriter.number` (fixed decimals, no locale),
/// so the same figure gives the same bytes on any machine.
struct SVGWriter {
    typealias Attributes = KeyValuePairs<String, String>

    private var lines: [String] = []
    private var depth = 1

    /// `<name a="v" ...>`: the caller closes it with `close(name)`.
    mutating func open(_ name: String, _ attributes: Attributes = [:]) {
        open(name, attributes.map { ($0.key, $0.value) })
    }

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        emit("<\(name)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        emit("</\(name)>")
    }

    /// A leaf element, with escaped text content when given.
    mutating func element(_ name: String, _ attributes: Attributes = [:], text: String? = nil) {
        element(name, attributes.map { ($0.key, $0.value) }, text: text)
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        if let text {
            emit("<\(name)\(Self.render(attributes))>\(Self.escape(text))</\(name)>")
        } else {
            emit("<\(name)\(Self.render(attributes))/>")
        }
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start,
                       weight: String? = nil, rotate: Bool = false, className: String, colour: String = Palette.ink) {
        var attributes: [(String, String)] = [("class", className), ("x", Self.number(x)), ("y", Self.number(y)),
                                              ("font-size", Self.number(size)), ("text-anchor", anchor.rawValue),
                                              ("fill", colour)]
        if let weight { attributes.append(("font-weight", weight)) }
        if rotate { attributes.append(("transform", "rotate(-90 \(Self.number(x)) \(Self.number(y)))")) }
        emit("<text\(Self.render(attributes))>\(Self.escape(content))</text>")
    }

    /// The document: an XML declaration, the root `<svg>` with a white background, and the body.
    func document(width: Double, height: Double, title: String) -> String {
        let w = Self.number(width), h = Self.number(height)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
        out += "font-family=\"\(Typography.fontFamily)\">\n"
        out += "  <title>\(Self.escape(title))</title>\n"
        out += "  <rect class=\"background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        out += lines.joined(separator: "\n")
        out += lines.isEmpty ? "</svg>\n" : "\n</svg>\n"
        return out
    }

    private mutating func emit(_ line: String) {
        lines.append(String(repeating: "  ", count: depth) + line)
    }

    private static func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// XML escaping for text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate or value with `decimals` places; never "-0.00".
    static func number(_ x: Double, decimals: Int = 2) -> String {
        let s = String(format: "%.\(decimals)f", x)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    /// `x1,y1 x2,y2 ...` for `points=` and the `M ... L ...` of a path.
    static func points(_ points: [(Double, Double)]) -> String {
        points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    }

    static func path(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(number($0.element.0)),\(number($0.element.1))" }
            .joined(separator: " ")
    }
}

enum TextAnchor: String {
    case start, middle, end
}
