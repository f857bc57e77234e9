/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with every common
/// colour-vision deficiency. Yellow comes last: thin
/// yellow lines are hard to see on white.
public enum Palette {
    public static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// Text, axes and rules.
    static let ink = "#222222"
    static let grid = "#e6e6e6"
    static let rule = "#555555"

    /// The colour of series `index`, cycling after eight.
    public static func colour(_ index: Int) -> String {
        colours[((index % colours.count) + colours.count) % colours.count]
    }
}
