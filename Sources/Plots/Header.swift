/// The block at the top of every figure: title, subtitle lines and the legend. Returns the y below it.
extension SVGWriter {
    mutating func header(title: String, subtitle: [String], legend: [LegendEntry], width: Double) -> Double {
        var y = Layout.margin + Typography.figureTitle
        text(title, x: Layout.margin, y: y, size: Typography.figureTitle, weight: "bold", className: "figure-title")
        for line in subtitle {
            y += Layout.lineHeight
            text(line, x: Layout.margin, y: y, size: Typography.subtitle, className: "subtitle", colour: Palette.rule)
        }
        if !legend.isEmpty {
            y += Layout.lineHeight / 2
            y = drawLegend(legend, left: Layout.margin, top: y, width: width - 2 * Layout.margin)
        }
        return y + Layout.gap
    }

    /// Legend entries left to right, wrapped into rows that fit `width`. Returns the y below the last row.
    private mutating func drawLegend(_ entries: [LegendEntry], left: Double, top: Double, width: Double) -> Double {
        let swatch = 28.0, spacing = 20.0, pad = 6.0
        open("g", ["class": "legend"])
        var x = left, row = 0
        for entry in entries {
            let entryWidth = swatch + pad + Typography.width(entry.name, size: Typography.legend)
            if x > left, x + entryWidth > left + width {
                row += 1
                x = left
            }
            let mid = top + Layout.legendRowHeight * (Double(row) + 0.5)
            open("g", ["class": "legend-entry", "data-series": entry.name])
            if entry.band {
                element("rect", ["x": SVGWriter.number(x), "y": SVGWriter.number(mid - 6), "width": SVGWriter.number(swatch),
                                 "height": "12", "fill": entry.style.colour,
                                 "fill-opacity": SVGWriter.number(Layout.bandOpacity)])
            }
            line([(x, mid), (x + swatch, mid)], style: entry.style, className: "legend-line")
            marker(at: (x + swatch / 2, mid), style: entry.style)
            text(entry.name, x: x + swatch + pad, y: mid + Typography.legend * 0.35, size: Typography.legend,
                 className: "legend-label")
            close("g")
            x += entryWidth + spacing
        }
        close("g")
        return top + Layout.legendRowHeight * Double(row + 1)
    }

    /// A polyline in a series' style.
    mutating func line(_ points: [(Double, Double)], style: SeriesStyle, className: String, series: String? = nil) {
        var attributes: [(String, String)] = [("class", className)]
        if let series { attributes.append(("data-series", series)) }
        attributes += [("d", SVGWriter.path(points)), ("fill", "none"), ("stroke", style.colour),
                       ("stroke-width", SVGWriter.number(Layout.lineWidth)), ("stroke-linejoin", "round")]
        if style.dashed { attributes.append(("stroke-dasharray", "6 4")) }
        element("path", attributes)
    }

    /// One marker centred on `point`: filled in the series' colour, or open (white inside); a `sparse` point's
    /// marker says so in its class.
    mutating func marker(at point: (Double, Double), style: SeriesStyle, sparse: Bool = false) {
        let r = Layout.markerRadius, (x, y) = point
        let fill = style.filledMarker ? style.colour : "#ffffff"
        let paint: [(String, String)] = [("fill", fill), ("stroke", style.colour), ("stroke-width", "1.4")]
            + (sparse ? [("data-sparse", "true")] : [])
        switch style.marker {
        case .none:
            return
        case .circle:
            element("circle", [("class", "marker"), ("cx", SVGWriter.number(x)), ("cy", SVGWriter.number(y)),
                               ("r", SVGWriter.number(r))] + paint)
        case .square:
            element("rect", [("class", "marker"), ("x", SVGWriter.number(x - r)), ("y", SVGWriter.number(y - r)),
                             ("width", SVGWriter.number(2 * r)), ("height", SVGWriter.number(2 * r))] + paint)
        case .diamond:
            let s = r * 1.35
            element("path", [("class", "marker"), ("d", SVGWriter.path([(x, y - s), (x + s, y), (x, y + s), (x - s, y)]) + " Z")] + paint)
        case .triangle:
            let s = r * 1.3
            element("path", [("class", "marker"), ("d", SVGWriter.path([(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)]) + " Z")] + paint)
        }
    }
}
