import Foundation
import Synchronization

/// What a run (or one chunk of it) did: subjects finished and load-cell samples.
public struct RunCounts: Codable, Equatable, Sendable {
    public var subjects = 0
    /// Samples the tests recorded, rest intervals included (``IsometricResult/samples``).
    public var samplesRecorded = 0
    /// Samples the sampling kernel computed: the zeroing and each tested angle's ramp and hold. The rest intervals
    /// are never computed (their noise is addressed, not drawn in sequence), so this is the honest work count.
    public var samplesComputed = 0

    public init() {}

    public static func + (a: RunCounts, b: RunCounts) -> RunCounts {
        var sum = a
        sum.subjects += b.subjects
        sum.samplesRecorded += b.samplesRecorded
        sum.samplesComputed += b.samplesComputed
        return sum
    }

    enum CodingKeys: String, CodingKey {
        case subjects, samplesRecorded = "samples_recorded", samplesComputed = "samples_computed"
    }
}

/// A request to stop at the next chunk boundary, safe to set from a signal handler (one atomic store).
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}

/// What the process has used so far, from getrusage.
public enum ResourceUsage {
    /// Peak resident set size, MiB (Linux reports KiB).
    public static var peakResidentMiB: Double { usage.map { Double($0.ru_maxrss) / 1024 } ?? .nan }

    /// CPU time, user and system, s.
    public static var cpuSeconds: Double {
        usage.map { seconds($0.ru_utime) + seconds($0.ru_stime) } ?? .nan
    }

    private static var usage: rusage? {
        var usage = rusage()
        return getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 ? usage : nil
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
}
