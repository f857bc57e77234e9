import Foundation

extension CrossValidation {
    /// A plain-text table: each fitted target's in-sample and out-of-sample offset (in its unit and in half-bands),
    /// each study's refit, and the band-normalised RMS in-sample against out-of-sample.
    public var table: String {
        func cell(_ text: String, _ width: Int, right: Bool = true) -> String {
            text.count >= width ? text : right ? String(repeating: " ", count: width - text.count) + text
                                               : text + String(repeating: " ", count: width - text.count)
        }
        func f(_ x: Double) -> String { abs(x) >= 1000 || (abs(x) < 0.01 && x != 0) ? String(format: "%.4g", x) : String(format: "%.3f", x) }
        var lines = [[cell("study", 14, right: false), cell("target", 22, right: false), cell("published", 10), cell("half-band", 10),
                      cell("in offset", 10), cell("out offset", 10), cell("in/band", 8), cell("out/band", 9)].joined(separator: " ")]
        for r in rows {
            lines.append([cell(r.study, 14, right: false), cell(r.target, 22, right: false), cell(f(r.published), 10), cell(f(r.halfBand), 10),
                          cell(f(r.inSampleOffset), 10), cell(f(r.outOfSampleOffset), 10),
                          cell(String(format: "%+.2f", r.inSampleOffset / r.halfBand), 8),
                          cell(String(format: "%+.2f", r.outOfSampleOffset / r.halfBand), 9)].joined(separator: " "))
        }
        lines.append("")
        for s in studies {
            let held = s.held.isEmpty ? "none held" : "held at the full fit (the other studies do not determine them): \(s.held.joined(separator: ", "))"
            lines.append(String(format: "%@: RMS in-sample %.2f, out-of-sample %.2f half-bands; refit %d iterations, %@; %@",
                                s.study, s.rmsInSample, s.rmsOutOfSample, s.iterations, s.converged ? "converged" : "not converged", held))
        }
        var summary = String(format: "band-normalised RMS ((simulated - published) / half-band) over %d fitted targets: in-sample %.2f, out-of-sample %.2f",
                             rows.count, rmsInSample, rmsOutOfSample)
        if let rmsInSampleNoneHeld, let rmsOutOfSampleNoneHeld {
            summary += String(format: "; over the studies whose refit held no parameter: in-sample %.2f, out-of-sample %.2f",
                              rmsInSampleNoneHeld, rmsOutOfSampleNoneHeld)
        }
        lines.append(summary + "; \(subjects) subjects per scenario, at most \(iterations) iterations per refit")
        return lines.joined(separator: "\n")
    }
}
