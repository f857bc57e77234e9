import CSamplingKernel
import Foundation

/// The numpy formulation of the kernel (Benchmarks/reference/sampling_kernel_numpy.py), run as a subprocess on a
/// JSON copy of a workload.
struct NumpyReference {
    /// Why the reference cannot run here (no python3, or no numpy in it).
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The script, found from this source file so that the tool runs from any working directory.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/reference/sampling_kernel_numpy.py")

    /// Checks that python3 with numpy and the script are there.
    static func check() throws(Unavailable) {
        guard FileManager.default.fileExists(atPath: script.path) else { throw Unavailable(description: "\(script.path) is missing") }
        let status: Int32
        do {
            status = try python(["-c", "import numpy"], quiet: true)
        } catch {
            throw Unavailable(description: "python3 could not be started: \(error)")
        }
        guard status != 127 else { throw Unavailable(description: "python3 is not on PATH") }  // env's "not found"
        guard status == 0 else { throw Unavailable(description: "python3 could not import numpy") }
    }

    /// Runs the script once: the outputs and the time of its kernel alone, in seconds.
    static func run(_ workload: Workload) throws -> (outputs: KernelOutputs, seconds: Double) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("input.json"), output = folder.appendingPathComponent("output.json")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(Input(workload)).write(to: input)
        let status = try python([script.path, input.path, output.path])
        guard status == 0 else { throw Unavailable(description: "\(script.lastPathComponent) exited with status \(status)") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let result = try decoder.decode(Output.self, from: Data(contentsOf: output))
        return (KernelOutputs(sum: result.sum, peak: result.peak), result.bestSeconds)
    }

    /// Runs python3 from PATH with `arguments`, its output passed through to ours unless `quiet`; the exit status.
    private static func python(_ arguments: [String], quiet: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        if quiet {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The script's input (snake-case keys); Double's shortest round-trip text makes the JSON exact.
    private struct Input: Encodable {
        struct Constants: Encodable {
            var noiseSD, lsb, minCode, maxCode, alpha, driftPerSample: Double
            var flickerPole, flickerGain: [Double]
            var seed: UInt64
            var substream: UInt32
            var window: Int
        }

        struct Subjects: Encodable {
            var active, passive, gravity, gain, offset, tare, firstSample: [Double]
            var stream, firstWord: [UInt64]
        }

        var constants: Constants
        var effort: [Double]
        var subjects: Subjects

        init(_ w: Workload) {
            let c = w.constants
            constants = Constants(noiseSD: c.noiseSD, lsb: c.lsb, minCode: c.minCode, maxCode: c.maxCode, alpha: c.alpha,
                                  driftPerSample: c.driftPerSample,
                                  flickerPole: [c.flicker.poles[0], c.flicker.poles[1], c.flicker.poles[2]],
                                  flickerGain: [c.flicker.gains[0], c.flicker.gains[1], c.flicker.gains[2]], seed: c.seed, substream: c.substream, window: w.window)
            effort = w.effort
            let s = w.subjects
            subjects = Subjects(active: s.map(\.active), passive: s.map(\.passive), gravity: s.map(\.gravity), gain: s.map(\.gain),
                                offset: s.map(\.offset), tare: s.map(\.tare), firstSample: s.map(\.first_sample),
                                stream: s.map(\.stream), firstWord: s.map(\.first_word))
        }
    }

    private struct Output: Decodable {
        var sum: [Double]
        var peak: [Double]
        var bestSeconds: Double
    }
}
