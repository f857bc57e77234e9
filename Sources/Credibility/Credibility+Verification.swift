import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology
import StudySetup
import Trial

/// Verification: the code against known answers, and the numerical parameters refined until the outputs settle.
extension Credibility {
    /// The known-answer checks: Philox against Random123's vectors, the device's batch (SIMD) kernel against its
    /// scalar twin, the scalar and vectorised C twins when `kernelCompare` finds the kernel-compare tool, the
    /// fatigue model's closed form against forward Euler, and the ANCOVA against its textbook example.
    static func codeChecks(store: DatasetStore, setup: RunSetup, subjects: [SubjectParameters], seed: UInt64,
                           kernelCompare: URL?) throws -> [CredibilityReport.Check] {
        let answers = try KnownAnswers.load(from: store)
        var checks: [CredibilityReport.Check] = []

        let vectors = answers.philox4x32_10.vectors
        let wrong = vectors.filter { v in
            Philox4x32.block(counter: SIMD4(v.counter[0], v.counter[1], v.counter[2], v.counter[3]), key: SIMD2(v.key[0], v.key[1]))
                != SIMD4(v.output[0], v.output[1], v.output[2], v.output[3])
        }.count
        checks.append(.init(name: "Philox4x32-10 known-answer vectors", reference: answers.philox4x32_10.source,
                            measured: Double(wrong), measure: "vectors differing (of \(vectors.count))", tolerance: 0, passed: wrong == 0))

        let test = try IsometricTest(settings: try setup.deviceSettings(), model: setup.model)
        let states = subjects.map(SubjectState.init(baselineOf:))
        let batch = IsometricBatch(test: test).run(subjects: subjects, states: states, seed: seed, session: 0)
        var differing = 0
        for (i, subject) in subjects.enumerated() {
            var rng = RandomStream.deviceNoise(seed: seed, subject: subject.id, session: 0)
            let scalar = test.run(subject: subject, state: states[i], rng: &rng)
            if scalar.reportedPeakNm.map(\.bitPattern) != batch[i].reportedPeakNm.map(\.bitPattern) { differing += 1 }
        }
        checks.append(.init(name: "sampling kernel: Swift SIMD batch vs scalar Swift, to the bit",
                            reference: "the same subjects, streams and sessions through both paths",
                            measured: Double(differing), measure: "subjects whose peaks differ (of \(subjects.count))",
                            tolerance: 0, passed: differing == 0))
        if let kernelCompare {
            let difference = try Self.kernelCompareDifference(kernelCompare)
            checks.append(.init(name: "sampling kernel: Swift vs scalar C vs vectorised C (kernel-compare), to the bit",
                                reference: "kernel-compare --subjects 64 --samples 1000 --repeats 1 (Sources/kernel-compare)",
                                measured: difference, measure: "largest relative difference of any sum or peak",
                                tolerance: 0, passed: difference == 0))
        }

        let fatigue = try FatigueConstants.load(from: store).parameters
        let check = answers.fatigue_euler
        let closed = FatigueState.enduranceTime(targetLoad: check.load, parameters: fatigue)
        let euler = FatigueEulerReference.enduranceTime(targetLoad: check.load, parameters: fatigue, dt: check.step_s, maxSeconds: 2 * closed)
        checks.append(.init(name: "3CC-r fatigue: closed-form endurance time at \(Int((check.load * 100).rounded())) % vs forward Euler at \(String(format: "%g", check.step_s * 1000)) ms",
                            reference: "the model's equations stepped term by term (FatigueEulerReference)",
                            measured: abs(closed - euler), measure: "seconds", tolerance: check.tolerance_s,
                            passed: abs(closed - euler) <= check.tolerance_s))

        let example = answers.ancova
        let observations = example.observations.map { ANCOVA.Observation(arm: Int($0[0]), baseline: $0[2], followUp: $0[1], stratum: "all") }
        guard let fit = ANCOVA(observations, reference: 0, adjustForStrata: false, alpha: 0.05) else {
            throw DatasetError.invalidValue(path: "Datasets/\(KnownAnswers.file): ancova", reason: "the example cannot be fitted")
        }
        var worst = abs(fit.baselineSlope - example.slope.value) / example.slope.tolerance
        for effect in example.effects {
            worst = max(worst, abs((fit.effects[effect.machine]?.estimate ?? .infinity) - effect.value) / effect.tolerance)
        }
        checks.append(.init(name: "ANCOVA: slope and adjusted differences of the textbook fibre example", reference: example.source,
                            measured: worst, measure: "largest difference over its printed precision", tolerance: 1, passed: worst <= 1))
        return checks
    }

    /// Runs kernel-compare on a small workload and reads the difference it reports between Swift and the C twins.
    static func kernelCompareDifference(_ tool: URL) throws -> Double {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--subjects", "64", "--samples", "1000", "--repeats", "1", "--numpy-subjects", "1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent"  // no python: the C twins alone, whatever is installed
        process.environment = environment
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let marker = "C, vectorised C and 2-core runs "
        guard let line = text.split(separator: "\n").first(where: { $0.contains(marker) }),
              let value = Double(line.components(separatedBy: marker)[1].split(separator: ",")[0].trimmingCharacters(in: .whitespaces)) else {
            throw CredibilityError.tool(tool.path, "reported no difference: \(text.split(separator: "\n").last ?? "")")
        }
        return value
    }

    /// Calculation verification: the fatigue integration at halved steps (forward Euler against the closed form,
    /// and the model's own integrator split into ever more steps), and the device's peak torque at rising sample rates.
    static func calculationChecks(store: DatasetStore, setup: RunSetup, subjects: [SubjectParameters], rates: [Double],
                                  steps: [Double]) throws -> [CredibilityReport.Convergence] {
        let fatigue = try FatigueConstants.load(from: store).parameters
        let load = 0.5
        let closed = FatigueState.enduranceTime(targetLoad: load, parameters: fatigue)
        // Forward Euler against the closed form at a time every step divides (half the endurance time, whole seconds).
        let hold = (closed / 2).rounded(.down)
        var exact = FatigueState.rested
        exact.advance(targetLoad: load, seconds: hold, parameters: fatigue)
        let euler = steps.map { dt -> Double in
            var state = FatigueEulerReference()
            for _ in 0..<Int((hold / dt).rounded()) { state.step(targetLoad: load, dt: dt, parameters: fatigue) }
            return state.fatigued
        }
        var series = [CredibilityReport.Convergence(
            name: "3CC-r fatigued fraction after \(Int(hold)) s at 50 %: forward Euler at halved steps against the closed form",
            parameter: "step (s)", output: "fatigued fraction", settings: steps, values: euler,
            relativeChanges: euler.map { abs($0 - exact.fatigued) / exact.fatigued }, reference: exact.fatigued)]

        // The model's integrator over a hold past failure, in 1, 2, 4, ... equal steps: closed form while the load is
        // held, RK4 on fixed sub-steps after failure, so the answer must not depend on how the interval is split.
        let horizon = 2 * closed
        let splits = steps.indices.map { 1 << $0 }
        let fatigued = splits.map { count -> Double in
            var state = FatigueState.rested
            for _ in 0..<count { state.advance(targetLoad: load, seconds: horizon / Double(count), parameters: fatigue) }
            return state.fatigued
        }
        series.append(.init(name: "3CC-r state after twice the endurance time at 50 %, the interval split in halves", parameter: "steps",
                            output: "fatigued fraction", settings: splits.map(Double.init), values: fatigued,
                            relativeChanges: successiveChanges(fatigued), reference: nil))

        // Sample rate, ideal load cell (no noise, gain or drift error): only the sampling of the ramp and the
        // moving-average window differ between rates. Then the device as specified: the peak error left by the noise.
        for angle in [0.0, 72.0] {
            let means = try rates.map { rate in
                try peaks(setup: setup, subjects: subjects, rate: rate, ideal: true).compactMap { $0.reportedPeak(atDeg: angle) }.mean
            }
            series.append(.init(name: "reported peak torque at \(Int(angle)) deg, ideal load cell, at doubled sample rates",
                                parameter: "sample rate (Hz)", output: "cohort mean peak (N*m)", settings: rates, values: means,
                                relativeChanges: successiveChanges(means), reference: nil))
        }
        let errors = try rates.map { rate in
            try peaks(setup: setup, subjects: subjects, rate: rate, ideal: false)
                .flatMap { zip($0.reportedPeakNm, $0.truePeakNm).map { abs($0 - $1) } }.mean
        }
        series.append(.init(name: "peak torque error of the load cell as specified (noise, drift, quantisation), at doubled sample rates",
                            parameter: "sample rate (Hz)", output: "mean absolute peak error (N*m)", settings: rates, values: errors,
                            relativeChanges: successiveChanges(errors), reference: nil))
        return series
    }

    /// The week-0 isometric test of each subject at `rate`, on the ideal load cell or the device's own.
    static func peaks(setup: RunSetup, subjects: [SubjectParameters], rate: Double, ideal: Bool) throws -> [IsometricResult] {
        let device = try setup.deviceSettings(sampleRateHz: rate)
        let settings = ideal ? device.noiseFree : device
        let test = try IsometricTest(settings: settings, model: setup.model)
        return subjects.map { subject in
            var rng = RandomStream.deviceNoise(seed: 1, subject: subject.id, session: 0)
            return test.run(subject: subject, state: SubjectState(baselineOf: subject), rng: &rng)
        }
    }

    /// |x_k − x_{k−1}| / |x_{k−1}| for k ≥ 1 (0 where both are 0).
    static func successiveChanges(_ values: [Double]) -> [Double] {
        zip(values, values.dropFirst()).map { a, b in a == b ? 0 : abs(b - a) / abs(a) }
    }
}

extension Array where Element == Double {
    /// The arithmetic mean (NaN when empty).
    var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }
}
