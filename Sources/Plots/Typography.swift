/// Font sizes and an estimate of text width. SVG has no text metrics before rendering, so layout reserves room
/// with a generous average advance per character (sans-serif fonts average about 0.55 em).
enum Typography {
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let figureTitle = 18.0
    static let subtitle = 12.0
    static let panelTitle = 14.0
    static let axisTitle = 13.0
    static let tick = 11.0
    static let legend = 12.0
    static let advancePerEm = 0.6

    static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * size * advancePerEm
    }
}
