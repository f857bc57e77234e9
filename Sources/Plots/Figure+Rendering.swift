/// Drawing a `Figure`: header, then each panel in its grid cell.
extension Figure {
    /// The SVG document. Same figure, same bytes.
    public func svg() -> String {
        let rows = (panels.count + columns - 1) / columns
        // Wide enough for the grid and for the header's longest line.
        let headerWidth = ([Typography.width(title, size: Typography.figureTitle)]
            + subtitle.map { Typography.width($0, size: Typography.subtitle) }).max() ?? 0
        let width = 2 * Layout.margin + max(Double(columns) * panelWidth + Double(columns - 1) * Layout.gap, headerWidth)
        var writer = SVGWriter()
        var ruleLabels: [String] = []
        for rule in panels.flatMap(\.rules) where !ruleLabels.contains(rule.label) { ruleLabels.append(rule.label) }
        let entries = legend + ruleLabels.map { LegendEntry(name: $0, style: Panel.ruleStyle) }
        let top = writer.header(title: title, subtitle: subtitle, legend: entries, width: width)
        let shared = sharedY ? panels.first.map { yScale(for: $0, values: panels.flatMap(\.yValues)) } : nil
        for (index, panel) in panels.enumerated() {
            let origin = (Layout.margin + Double(index % columns) * (panelWidth + Layout.gap),
                          top + Double(index / columns) * (panelHeight + Layout.gap))
            writer.draw(panel, origin: origin, size: (panelWidth, panelHeight),
                        y: shared ?? yScale(for: panel, values: panel.yValues))
        }
        let height = top + Double(rows) * panelHeight + Double(max(rows - 1, 0)) * Layout.gap + Layout.margin
        return writer.document(width: width, height: height, title: title)
    }

    private func yScale(for panel: Panel, values: [Double]) -> LinearScale {
        panel.y.fixed ?? LinearScale(covering: values, targetTicks: panel.y.targetTicks)
    }
}

extension SVGWriter {
    /// One panel in the box at `origin` of `size`: title, grid, axes with ticks and titles, bands, rules, lines, markers.
    mutating func draw(_ panel: Panel, origin: (Double, Double), size: (Double, Double), y yDomain: LinearScale) {
        let (ox, oy) = origin, (w, h) = size
        let tickLabelWidth = yDomain.ticks.map { Typography.width(yDomain.label($0), size: Typography.tick) }.max() ?? 0
        let left = ox + Typography.axisTitle + 8 + tickLabelWidth + Layout.tickLength + 4
        let right = ox + w - 12
        let top = oy + Typography.panelTitle + 14
        let bottom = oy + h - (Layout.tickLength + Typography.tick + 8 + Typography.axisTitle + 6)
        let xDomain = panel.x.fixed ?? LinearScale(covering: panel.xValues, targetTicks: panel.x.targetTicks)
        // Dodged series keep inside the plot area: the x range is inset by the largest shift.
        let inset = panel.series.map { abs($0.dodge) }.max().map { $0 > 0 ? $0 + Layout.markerRadius + 1 : 0 } ?? 0
        let x = xDomain.onto((left + inset, right - inset)), y = yDomain.onto((bottom, top))
        let n = { (v: Double) in SVGWriter.number(v) }

        open("g", [("class", "panel"), ("data-title", panel.title),
                   ("data-x-lower", SVGWriter.number(x.lower, decimals: 6)), ("data-x-upper", SVGWriter.number(x.upper, decimals: 6)),
                   ("data-y-lower", SVGWriter.number(y.lower, decimals: 6)), ("data-y-upper", SVGWriter.number(y.upper, decimals: 6)),
                   ("data-left", n(left)), ("data-right", n(right)), ("data-top", n(top)), ("data-bottom", n(bottom))])
        text(panel.title, x: left, y: oy + Typography.panelTitle, size: Typography.panelTitle, weight: "bold", className: "panel-title")

        open("g", ["class": "grid", "stroke": Palette.grid, "stroke-width": "1"])
        for t in y.ticks { element("line", ["x1": n(left), "x2": n(right), "y1": n(y(t)), "y2": n(y(t))]) }
        for t in x.ticks { element("line", ["x1": n(x(t)), "x2": n(x(t)), "y1": n(top), "y2": n(bottom)]) }
        close("g")

        drawAxes(x: x, y: y, box: (left, right, top, bottom), xTitle: panel.x.title, yTitle: panel.y.title, originX: ox)

        // Bounds are clipped to the axis: a sparse point's wide interval runs off the panel rather than widening it.
        let clipped = { (v: Double) in y(min(max(v, y.lower), y.upper)) }
        let opacity = Layout.bandOpacity(overlapping: panel.series.filter(\.hasBand).count)
        for series in panel.series where series.uncertainty == .band {
            for run in series.boundedRuns {
                guard run.count >= 2 else {
                    whisker(at: run[0], x: x(run[0].x), y: clipped, series: series, className: "band-whisker")
                    continue
                }
                let upper = run.map { (x($0.x), clipped($0.high!)) }, lower = run.reversed().map { (x($0.x), clipped($0.low!)) }
                element("polygon", [("class", "band"), ("data-series", series.name), ("points", SVGWriter.points(upper + lower)),
                                    ("fill", series.style.colour), ("fill-opacity", n(opacity)), ("stroke", "none")])
            }
        }
        for rule in panel.rules {
            line([(left, y(rule.y)), (right, y(rule.y))], style: Panel.ruleStyle, className: "rule", series: rule.label)
        }
        for series in panel.series {
            let px = { (v: Double) in x(v) + series.dodge }
            guard !series.drawable.isEmpty else { continue }
            for run in series.joinedRuns where run.count >= 2 {
                line(run.map { (px($0.x), y($0.y)) }, style: series.style, className: "series", series: series.name)
            }
            if series.uncertainty == .whiskers {
                open("g", [("class", "whiskers"), ("data-series", series.name), ("stroke", series.style.colour), ("stroke-width", "1.4")])
                for p in series.drawable where p.hasBounds { whisker(at: p, x: px(p.x), y: clipped, series: nil, className: "whisker") }
                close("g")
            }
            open("g", ["class": "markers", "data-series": series.name])
            var openStyle = series.style
            openStyle.filledMarker = false
            for point in series.drawable {
                marker(at: (px(point.x), y(point.y)), style: point.isSparse ? openStyle : series.style, sparse: point.isSparse)
            }
            close("g")
        }
        if let note = panel.note, panel.series.allSatisfy({ $0.drawable.isEmpty }) {
            text(note, x: (left + right) / 2, y: (top + bottom) / 2, size: Typography.legend, anchor: .middle,
                 className: "note", colour: Palette.rule)
        }
        close("g")
    }

    /// A vertical interval with caps at `x`, its ends placed by `y`.
    mutating func whisker(at p: DataPoint, x cx: Double, y: (Double) -> Double, series: LineSeries?, className: String) {
        let cap = Layout.markerRadius, low = y(p.low!), high = y(p.high!)
        var attributes: [(String, String)] = [("class", className)]
        if let series { attributes += [("data-series", series.name), ("stroke", series.style.colour), ("stroke-width", "1.4")] }
        element("path", attributes + [("d", SVGWriter.path([(cx, low), (cx, high)]) + " " + SVGWriter.path([(cx - cap, low), (cx + cap, low)])
                                        + " " + SVGWriter.path([(cx - cap, high), (cx + cap, high)]))])
    }

    /// The bottom and left axis lines, ticks, tick labels and axis titles.
    mutating func drawAxes(x: LinearScale, y: LinearScale, box: (Double, Double, Double, Double), xTitle: String,
                           yTitle: String, originX: Double) {
        let (left, right, top, bottom) = box
        drawXAxis(x, left: left, right: right, bottom: bottom, title: xTitle)
        open("g", ["class": "axis y", "data-lower": SVGWriter.number(y.lower, decimals: 6),
                   "data-upper": SVGWriter.number(y.upper, decimals: 6)])
        axisLine(from: (left, top), to: (left, bottom))
        for t in y.ticks {
            axisLine(from: (left - Layout.tickLength, y(t)), to: (left, y(t)))
            text(y.label(t), x: left - Layout.tickLength - 3, y: y(t) + Typography.tick * 0.35, size: Typography.tick,
                 anchor: .end, className: "tick")
        }
        text(yTitle, x: originX + Typography.axisTitle, y: (top + bottom) / 2, size: Typography.axisTitle,
             anchor: .middle, rotate: true, className: "axis-title")
        close("g")
    }

    /// The x axis along `bottom` from `left` to `right`: line, ticks, labels and title.
    mutating func drawXAxis(_ x: LinearScale, left: Double, right: Double, bottom: Double, title: String) {
        open("g", ["class": "axis x", "data-lower": SVGWriter.number(x.lower, decimals: 6),
                   "data-upper": SVGWriter.number(x.upper, decimals: 6)])
        axisLine(from: (left, bottom), to: (right, bottom))
        for t in x.ticks {
            axisLine(from: (x(t), bottom), to: (x(t), bottom + Layout.tickLength))
            text(x.label(t), x: x(t), y: bottom + Layout.tickLength + Typography.tick + 2, size: Typography.tick,
                 anchor: .middle, className: "tick")
        }
        text(title, x: (left + right) / 2, y: bottom + Layout.tickLength + Typography.tick + 8 + Typography.axisTitle,
             size: Typography.axisTitle, anchor: .middle, className: "axis-title")
        close("g")
    }

    mutating func axisLine(from a: (Double, Double), to b: (Double, Double)) {
        element("line", [("x1", SVGWriter.number(a.0)), ("y1", SVGWriter.number(a.1)), ("x2", SVGWriter.number(b.0)),
                         ("y2", SVGWriter.number(b.1)), ("stroke", Palette.ink), ("stroke-width", "1")])
    }
}
