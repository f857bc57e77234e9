/// A forest plot: one row per comparison (estimate and confidence interval on a common axis), rows grouped under
/// headers, a line at the value of no effect, and the numbers in a column on the right.
public struct ForestPlot: Sendable {
    public var title: String
    public var subtitle: [String]
    public var axisTitle: String
    public var groups: [ForestGroup]
    /// The value of no effect (0 for differences).
    public var reference: Double
    /// Heading of the numbers column, e.g. "g [95 % CI]".
    public var valuesHeading: String
    public var width: Double

    public init(title: String, subtitle: [String] = [], axisTitle: String, groups: [ForestGroup], reference: Double = 0,
                valuesHeading: String, width: Double = 860) {
        self.title = title
        self.subtitle = subtitle
        self.axisTitle = axisTitle
        self.groups = groups
        self.reference = reference
        self.valuesHeading = valuesHeading
        self.width = width
    }
}

public struct ForestGroup: Sendable {
    public var title: String
    public var rows: [ForestRow]

    public init(title: String, rows: [ForestRow]) {
        self.title = title
        self.rows = rows
    }
}

/// One comparison. A non-finite bound draws the estimate alone.
public struct ForestRow: Sendable {
    public var label: String
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var colour: String
    /// The numbers as printed on the right, e.g. "0.42 [0.10, 0.74]".
    public var values: String
    /// A second interval for the same estimate (the model's, over parameter sets), drawn as a pale bar behind the
    /// confidence interval so both can be read on one row; nil or non-finite draws none.
    public var model: ClosedRange<Double>?

    public init(label: String, estimate: Double, low: Double, high: Double, colour: String, values: String,
                model: ClosedRange<Double>? = nil) {
        self.label = label
        self.estimate = estimate
        self.low = low
        self.high = high
        self.colour = colour
        self.values = values
        self.model = model.flatMap { $0.lowerBound.isFinite && $0.upperBound.isFinite ? $0 : nil }
    }
}

extension ForestPlot {
    static let rowHeight = 20.0
    static let groupHeight = 24.0
    static let capHeight = 8.0
    static let estimateHalf = 4.5
    static let modelHalf = 4.0
    static let modelOpacity = "0.3"

    /// The SVG document. Same plot, same bytes.
    public func svg() -> String {
        var writer = SVGWriter()
        var y = writer.header(title: title, subtitle: subtitle, legend: [], width: width)
        let rows = groups.flatMap(\.rows)
        let labelWidth = (rows.map { Typography.width($0.label, size: Typography.legend) + 12 }
            + groups.map { Typography.width($0.title, size: Typography.legend) }).max() ?? 0
        let valuesWidth = ([valuesHeading] + rows.map(\.values)).map { Typography.width($0, size: Typography.legend) }.max() ?? 0
        let left = Layout.margin + labelWidth + 12, right = width - Layout.margin - valuesWidth - 16
        let values = rows.flatMap { [$0.estimate, $0.low, $0.high] + ($0.model.map { [$0.lowerBound, $0.upperBound] } ?? []) } + [reference]
        let domain = LinearScale(covering: values, targetTicks: 6)
        let x = domain.onto((left, right))
        let n = { (v: Double) in SVGWriter.number(v) }

        writer.text(valuesHeading, x: width - Layout.margin, y: y + Typography.legend, size: Typography.legend, anchor: .end,
                    weight: "bold", className: "values-heading")
        y += Layout.lineHeight + 4
        let top = y
        var layout: [(ForestRow, Double)] = []
        var headers: [(String, Double)] = []
        for group in groups {
            headers.append((group.title, y + Self.groupHeight * 0.7))
            y += Self.groupHeight
            for row in group.rows {
                layout.append((row, y + Self.rowHeight / 2))
                y += Self.rowHeight
            }
        }
        let bottom = y + 6

        writer.open("g", [("class", "forest"), ("data-x-lower", SVGWriter.number(x.lower, decimals: 6)),
                          ("data-x-upper", SVGWriter.number(x.upper, decimals: 6)), ("data-left", n(left)),
                          ("data-right", n(right)), ("data-top", n(top)), ("data-bottom", n(bottom))])
        writer.open("g", ["class": "grid", "stroke": Palette.grid, "stroke-width": "1"])
        for t in x.ticks { writer.element("line", ["x1": n(x(t)), "x2": n(x(t)), "y1": n(top), "y2": n(bottom)]) }
        writer.close("g")
        writer.element("line", [("class", "reference"), ("data-value", SVGWriter.number(reference, decimals: 6)),
                                ("x1", n(x(reference))), ("x2", n(x(reference))), ("y1", n(top)), ("y2", n(bottom)),
                                ("stroke", Palette.ink), ("stroke-width", "1.2")])
        for (title, baseline) in headers {
            writer.text(title, x: Layout.margin, y: baseline, size: Typography.legend, weight: "bold", className: "group-title")
        }
        for (row, mid) in layout { writer.draw(row, mid: mid, x: x, labelX: Layout.margin + 12, valuesX: width - Layout.margin) }
        writer.drawXAxis(x, left: left, right: right, bottom: bottom, title: axisTitle)
        writer.close("g")
        let height = bottom + Layout.tickLength + Typography.tick + 8 + Typography.axisTitle + 8 + Layout.margin
        return writer.document(width: width, height: height, title: title)
    }
}

extension SVGWriter {
    fileprivate mutating func draw(_ row: ForestRow, mid: Double, x: LinearScale, labelX: Double, valuesX: Double) {
        let n = { (v: Double) in SVGWriter.number(v) }
        open("g", [("class", "row"), ("data-label", row.label), ("data-estimate", SVGWriter.number(row.estimate, decimals: 6)),
                   ("data-low", SVGWriter.number(row.low, decimals: 6)), ("data-high", SVGWriter.number(row.high, decimals: 6))])
        text(row.label, x: labelX, y: mid + Typography.legend * 0.35, size: Typography.legend, className: "row-label")
        if let model = row.model {
            let h = ForestPlot.modelHalf
            element("rect", [("class", "model-interval"), ("data-low", SVGWriter.number(model.lowerBound, decimals: 6)),
                             ("data-high", SVGWriter.number(model.upperBound, decimals: 6)), ("x", n(x(model.lowerBound))),
                             ("y", n(mid - h)), ("width", n(x(model.upperBound) - x(model.lowerBound))), ("height", n(2 * h)),
                             ("fill", row.colour), ("fill-opacity", ForestPlot.modelOpacity)])
        }
        if row.low.isFinite, row.high.isFinite {
            let cap = ForestPlot.capHeight / 2
            let stroke: [(String, String)] = [("stroke", row.colour), ("stroke-width", "1.8")]
            element("line", [("class", "ci"), ("x1", n(x(row.low))), ("x2", n(x(row.high))), ("y1", n(mid)), ("y2", n(mid))] + stroke)
            for end in [row.low, row.high] {
                element("line", [("class", "cap"), ("x1", n(x(end))), ("x2", n(x(end))), ("y1", n(mid - cap)), ("y2", n(mid + cap))] + stroke)
            }
        }
        if row.estimate.isFinite {
            let h = ForestPlot.estimateHalf
            element("rect", [("class", "estimate"), ("x", n(x(row.estimate) - h)), ("y", n(mid - h)), ("width", n(2 * h)),
                             ("height", n(2 * h)), ("fill", row.colour)])
        }
        text(row.values, x: valuesX, y: mid + Typography.legend * 0.35, size: Typography.legend, anchor: .end, className: "row-values")
        close("g")
    }
}
