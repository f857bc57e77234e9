import Foundation

/// A linear axis: a "nice" domain that ends on ticks spaced 1, 2 or 5 × 10^k, mapped onto a pixel interval.
public struct LinearScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double
    /// Pixel positions of `lower` and `upper` (for a y axis the first is the larger).
    let pixels: (Double, Double)

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.lower == b.lower && a.upper == b.upper && a.step == b.step && a.pixels == b.pixels
    }

    /// The nice domain covering `values` (non-finite ones ignored) with about `targetTicks` intervals.
    public init(covering values: [Double], targetTicks: Int = 5, pixels: (Double, Double) = (0, 1)) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi - lo <= Swift.max(abs(lo), abs(hi)) * 1e-12 {
            // A single value: widen around it so it sits inside the axis rather than on an edge.
            let pad = lo == 0 ? 1 : abs(lo) / 10
            lo -= pad
            hi += pad
        }
        let step = Self.niceStep((hi - lo) / Double(Swift.max(targetTicks, 1)))
        let slack = 1e-9
        self.init(lower: (lo / step + slack).rounded(.down) * step, upper: (hi / step - slack).rounded(.up) * step,
                  step: step, pixels: pixels)
    }

    /// A fixed domain with a given tick step (e.g. power from 0 to 100 % by 20).
    public init(lower: Double, upper: Double, step: Double, pixels: (Double, Double) = (0, 1)) {
        self.lower = lower
        self.upper = upper
        self.step = step
        self.pixels = pixels
    }

    /// 1, 2 or 5 times a power of ten, whichever is nearest `raw` (Heckbert's thresholds, Graphics Gems 1990), so
    /// the tick count stays near the target instead of always rounding the step up.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let factor: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return factor * magnitude
    }

    /// The same domain drawn onto other pixels.
    func onto(_ pixels: (Double, Double)) -> LinearScale {
        LinearScale(lower: lower, upper: upper, step: step, pixels: pixels)
    }

    /// Tick values from `lower` to `upper`, computed as integer multiples of the step (no accumulated error).
    public var ticks: [Double] {
        let first = (lower / step).rounded(), last = (upper / step).rounded()
        guard last >= first else { return [] }
        return (0...Int(last - first)).map { (first + Double($0)) * step }
    }

    public func contains(_ value: Double) -> Bool {
        value >= lower - step * 1e-9 && value <= upper + step * 1e-9
    }

    /// The pixel position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        pixels.0 + (value - lower) / (upper - lower) * (pixels.1 - pixels.0)
    }

    /// Decimals that tell neighbouring ticks apart: none for a step of 1, 2, 5 or more; one for 0.1–0.5; ...
    public var decimals: Int {
        Swift.max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    }

    /// A tick label with the scale's decimals and a true minus sign.
    public func label(_ value: Double) -> String {
        let text = SVGWriter.number(value, decimals: decimals)
        return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }
}
