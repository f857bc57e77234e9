import Plots

/// One colour per arm name in every figure of every command (simulate, trial, their notebooks): a bundled regimen
/// keeps its place in ``bundled`` whichever arms a run has; other arms follow in the run's order.
enum ArmColours {
    /// The bundled regimens (the files of Datasets/regimens/) in the order a default trial lists them, so that the
    /// default trial's figures keep the colours they always had.
    static let bundled = ["combined", "control", "core-strengthening", "low-impact-aerobics", "manual-therapy",
                          "postural-ergonomic", "stretching"]

    /// The colour of `arm` in a run whose arms are `arms`.
    static func colour(_ arm: String, among arms: [String]) -> String {
        if let index = bundled.firstIndex(of: arm) { return Palette.colour(index) }
        let others = arms.filter { !bundled.contains($0) }
        return Palette.colour(bundled.count + (others.firstIndex(of: arm) ?? others.count))
    }
}
