// kernel-compare: the Swift SIMD sampling kernel against a scalar C twin, a vectorised C twin (the yardstick: careful
// C with the best flags for this machine) and a numpy formulation, on one and two cores, with a check that all of
// them compute the same sums and peaks.
import CVecKernel
import Foundation
import SamplingKernel

/// Command-line settings; usage errors exit 64.
struct Options {
    var subjects = 1024
    var samples = 5000
    var repeats = 5
    var numpySubjects = 256

    static let usage = "usage: kernel-compare [--subjects N] [--samples M] [--repeats K] [--numpy-subjects P]"

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        let fields: [String: WritableKeyPath<Options, Int>] = [
            "--subjects": \.subjects, "--samples": \.samples, "--repeats": \.repeats, "--numpy-subjects": \.numpySubjects,
        ]
        while let flag = rest.popFirst() {
            if flag == "--help" || flag == "-h" {
                print(Self.usage)
                exit(0)
            }
            guard let field = fields[flag] else { Self.fail("unknown option \(flag)") }
            guard let text = rest.popFirst(), let value = Int(text), value >= 1 else { Self.fail("\(flag) needs a positive integer") }
            self[keyPath: field] = value
        }
        numpySubjects = min(numpySubjects, subjects)
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("kernel-compare: \(message)\n\(usage)\n".utf8))
        exit(64)
    }
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("kernel-compare: \(message)\n".utf8))
}

/// Seconds taken by `body`, and what it returned.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let elapsed = clock.now - start
    return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

/// The best time of each engine over interleaved rounds, and how far the outputs strayed from the Swift kernel's.
struct Comparison {
    let options: Options
    var best: [String: Double] = [:]
    /// Swift on two cores and both C engines against Swift on one; numpy against the same subjects of Swift's run.
    var cDifference = 0.0
    var numpyDifference: Double?

    /// Rounds run every engine in turn, so that a slow spell of a noisy machine hits them alike.
    init(_ options: Options) {
        self.options = options
        let workload = Workload.standard(subjects: options.subjects, samples: options.samples)
        if options.samples < workload.window { Options.fail("--samples must be at least the \(workload.window)-sample window") }
        let numpyWorkload = workload.prefix(options.numpySubjects)
        var numpyAvailable = true
        do {
            try NumpyReference.check()
        } catch {
            numpyAvailable = false
            note("numpy reference skipped: \(error)")
        }
        let engines: [(String, () -> KernelOutputs)] = [
            ("swift", { workload.runSwift(threads: 1) }), ("swift_2core", { workload.runSwift(threads: 2) }),
            ("c", { workload.runC(threads: 1) }), ("c_2core", { workload.runC(threads: 2) }),
            ("cvec", { workload.runCVec(threads: 1) }), ("cvec_2core", { workload.runCVec(threads: 2) }),
        ]
        var reference: KernelOutputs?
        for _ in 0..<options.repeats {
            for (name, run) in engines {
                let (outputs, seconds) = timed(run)
                best[name] = min(best[name] ?? .infinity, seconds)
                let swift = reference ?? outputs
                reference = swift
                cDifference = max(cDifference, outputs.maxRelativeDifference(from: swift))
            }
            guard numpyAvailable, let swift = reference else { continue }
            do {
                let (outputs, seconds) = try NumpyReference.run(numpyWorkload)
                best["numpy"] = min(best["numpy"] ?? .infinity, seconds)
                let share = KernelOutputs(sum: Array(swift.sum.prefix(options.numpySubjects)),
                                          peak: Array(swift.peak.prefix(options.numpySubjects)))
                numpyDifference = max(numpyDifference ?? 0, outputs.maxRelativeDifference(from: share))
            } catch {
                numpyAvailable = false
                best["numpy"] = nil
                numpyDifference = nil
                note("numpy reference failed: \(error)")
            }
        }
    }

    var maxDifference: Double { max(cDifference, numpyDifference ?? 0) }

    /// Subject-samples per second of an engine's best run, or nil if it did not run.
    func rate(_ engine: String) -> Double? {
        guard let seconds = best[engine] else { return nil }
        let subjects = engine == "numpy" ? options.numpySubjects : options.subjects
        return Double(subjects * options.samples) / seconds
    }

    /// The report, keys in a fixed order; rates in whole samples per second, missing engines as null.
    var json: String {
        func number(_ value: Double?, decimals: Int) -> String {
            value.map { String(format: "%.\(decimals)f", $0) } ?? "null"
        }
        func ratio(_ a: String, _ b: String, decimals: Int = 3) -> String {
            guard let a = rate(a), let b = rate(b) else { return "null" }
            return number(a / b, decimals: decimals)
        }
        let fields: [(String, String)] = [
            ("subjects", String(options.subjects)),
            ("samples_per_subject", String(options.samples)),
            ("swift_samples_per_s", number(rate("swift"), decimals: 0)),
            ("c_samples_per_s", number(rate("c"), decimals: 0)),
            ("numpy_samples_per_s", number(rate("numpy"), decimals: 0)),
            ("swift_over_c", ratio("swift", "c")),
            ("swift_over_numpy", ratio("swift", "numpy", decimals: 1)),
            ("swift_2core_samples_per_s", number(rate("swift_2core"), decimals: 0)),
            ("c_2core_samples_per_s", number(rate("c_2core"), decimals: 0)),
            ("swift_2core_over_1core", ratio("swift_2core", "swift")),
            ("c_2core_over_1core", ratio("c_2core", "c")),
            ("max_relative_difference", String(maxDifference)),
            ("numpy_subjects", best["numpy"] == nil ? "null" : String(options.numpySubjects)),
            ("cvec_samples_per_s", number(rate("cvec"), decimals: 0)),
            ("cvec_2core_samples_per_s", number(rate("cvec_2core"), decimals: 0)),
            ("swift_over_cvec", ratio("swift", "cvec")),
            ("swift_2core_over_cvec_2core", ratio("swift_2core", "cvec_2core")),
            ("cvec_2core_over_1core", ratio("cvec_2core", "cvec")),
            ("swift_instruction_set", "\"\(SamplingKernel.instructionSet)\""),
            ("cvec_instruction_set", "\"\(String(cString: cvk_instruction_set()))\""),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

let options = Options(CommandLine.arguments.dropFirst())
let comparison = Comparison(options)
FileHandle.standardOutput.write(Data((comparison.json + "\n").utf8))  // unbuffered, so it precedes the notes
note("best of \(options.repeats) in seconds: " + ["swift", "swift_2core", "c", "c_2core", "cvec", "cvec_2core", "numpy"]
    .compactMap { name in comparison.best[name].map { "\(name) \(String(format: "%.4f", $0))" } }.joined(separator: ", "))
note("max relative difference from Swift: C, vectorised C and 2-core runs \(comparison.cDifference)"
    + (comparison.numpyDifference.map { ", numpy \($0)" } ?? ""))
if !(comparison.maxDifference <= 1e-12) {
    note("agreement worse than 1e-12 relative")
    exit(1)
}
