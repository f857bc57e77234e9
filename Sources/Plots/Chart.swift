/// The data model of a line chart: panels of series over two linear axes. Rendering is in `Figure+Rendering.swift`.

/// How a series is drawn; its legend swatch is drawn the same way.
public struct SeriesStyle: Sendable, Hashable {
    public var colour: String
    public var dashed: Bool
    public var marker: MarkerShape
    public var filledMarker: Bool

    public init(colour: String, dashed: Bool = false, marker: MarkerShape = .circle, filledMarker: Bool = true) {
        self.colour = colour
        self.dashed = dashed
        self.marker = marker
        self.filledMarker = filledMarker
    }
}

public enum MarkerShape: String, Sendable, Hashable {
    case none, circle, square, diamond, triangle
}

/// One point of a series: a value, for an uncertainty band its lower and upper bound, and how many observations
/// it summarises (nil when it is not a summary).
public struct DataPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var low: Double?
    public var high: Double?
    public var n: Int?

    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, n: Int? = nil) {
        self.x = x
        self.y = y
        self.low = low
        self.high = high
        self.n = n
    }

    /// Fewer observations than a mean is drawn as a line through: such a point is marked open and not joined, and
    /// its interval (wide, or undefined at n = 1) does not set the axis.
    public static let fewObservations = 3

    /// A summary of fewer than ``fewObservations`` observations.
    public var isSparse: Bool { (n ?? Self.fewObservations) < Self.fewObservations }

    var hasBounds: Bool { (low?.isFinite ?? false) && (high?.isFinite ?? false) }
}

/// How a series shows its points' bounds: a shaded band (a few series), or whiskers at the markers, which stay
/// readable when many series share a panel.
public enum Uncertainty: Sendable {
    case band, whiskers
}

/// A line through points, with a shaded band (or whiskers) wherever its points have finite bounds. Sparse points
/// (``DataPoint/isSparse``) are marked open and the line does not pass through them.
public struct LineSeries: Sendable {
    public var name: String
    public var points: [DataPoint]
    public var style: SeriesStyle
    public var uncertainty: Uncertainty
    /// A horizontal shift in pixels, so that whiskers of series at the same x do not hide each other.
    public var dodge: Double

    public init(name: String, points: [DataPoint], style: SeriesStyle, uncertainty: Uncertainty = .band, dodge: Double = 0) {
        self.name = name
        self.points = points
        self.style = style
        self.uncertainty = uncertainty
        self.dodge = dodge
    }

    /// Points with a finite value, in the order given: a missing value (an angle nobody reached) is skipped.
    var drawable: [DataPoint] { points.filter { $0.x.isFinite && $0.y.isFinite } }

    /// The runs of neighbouring points with bounds: a band over each run of two or more, a whisker at a lone point.
    var boundedRuns: [[DataPoint]] { Self.runs(of: drawable, where: \.hasBounds) }

    /// The runs of neighbouring points the line joins: those that are not sparse.
    var joinedRuns: [[DataPoint]] { Self.runs(of: drawable) { !$0.isSparse } }

    var hasBand: Bool { uncertainty == .band && boundedRuns.contains { $0.count >= 2 } }

    private static func runs(of points: [DataPoint], where keep: (DataPoint) -> Bool) -> [[DataPoint]] {
        var runs: [[DataPoint]] = [], current: [DataPoint] = []
        for point in points {
            if keep(point) {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        return current.isEmpty ? runs : runs + [current]
    }
}

/// An axis: its title (with the unit, e.g. "Flexion angle (deg)"), values its domain must include, or a fixed domain.
public struct Axis: Sendable {
    public var title: String
    public var include: [Double]
    public var fixed: LinearScale?
    public var targetTicks: Int

    public init(title: String, include: [Double] = [], fixed: LinearScale? = nil, targetTicks: Int = 5) {
        self.title = title
        self.include = include
        self.fixed = fixed
        self.targetTicks = targetTicks
    }
}

/// A horizontal reference line across a panel (e.g. 80 % power), named in the figure's legend rather than on the
/// panel, where its label could cover data.
public struct Rule: Sendable {
    public var y: Double
    public var label: String

    public init(y: Double, label: String) {
        self.y = y
        self.label = label
    }
}

/// One chart: axes, series and rules. `note` is printed in an empty panel to say why it is empty.
public struct Panel: Sendable {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [LineSeries]
    public var rules: [Rule]
    public var note: String?

    public init(title: String, x: Axis, y: Axis, series: [LineSeries], rules: [Rule] = [], note: String? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.rules = rules
        self.note = note
    }

    /// Every value the x axis has to show: points, band bounds need not (x has none), and `include`.
    var xValues: [Double] { series.flatMap { $0.drawable.map(\.x) } + x.include }

    static let ruleStyle = SeriesStyle(colour: Palette.rule, dashed: true, marker: .none)

    /// Every value the y axis has to show: values, the bounds of points that are not sparse (a sparse point's
    /// interval is drawn clipped to the axis), rules and `include`.
    var yValues: [Double] {
        series.flatMap { s in s.drawable.flatMap { $0.isSparse ? [$0.y] : [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] } }
            + rules.map(\.y) + y.include
    }
}

/// A legend entry: a swatch drawn in the series' style (with a band patch if `band`) and its name.
public struct LegendEntry: Sendable {
    public var name: String
    public var style: SeriesStyle
    public var band: Bool

    public init(name: String, style: SeriesStyle, band: Bool = false) {
        self.name = name
        self.style = style
        self.band = band
    }
}
