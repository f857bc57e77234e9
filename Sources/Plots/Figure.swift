/// A page of line-chart panels in a grid under one title, with one legend above the panels (so it never covers
/// data). Panels may share their y axis, so that arms drawn side by side compare at a glance.
public struct Figure: Sendable {
    public var title: String
    /// Lines under the title: what the bands are, where the data came from.
    public var subtitle: [String]
    public var legend: [LegendEntry]
    public var panels: [Panel]
    public var columns: Int
    public var sharedY: Bool
    public var panelWidth: Double
    public var panelHeight: Double

    public init(title: String, subtitle: [String] = [], legend: [LegendEntry] = [], panels: [Panel], columns: Int = 2,
                sharedY: Bool = false, panelWidth: Double = 380, panelHeight: Double = 280) {
        self.title = title
        self.subtitle = subtitle
        self.legend = legend
        self.panels = panels
        self.columns = max(1, min(columns, max(panels.count, 1)))
        self.sharedY = sharedY
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }
}

/// Spacing shared by every figure kind.
enum Layout {
    static let margin = 16.0
    static let gap = 14.0
    static let lineHeight = 16.0
    static let legendRowHeight = 20.0
    static let tickLength = 4.0
    static let markerRadius = 3.2
    static let lineWidth = 1.8
    static let bandOpacity = 0.2

    /// Lighter bands when many overlap, so that overlaps stay readable instead of turning muddy.
    static func bandOpacity(overlapping count: Int) -> Double {
        count <= 2 ? bandOpacity : bandOpacity * 0.6
    }
}
