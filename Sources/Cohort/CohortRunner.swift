import Course
import Device
import LumbarNumerics
import Physiology
import Synchronization

/// One subject's results: who they are, and their visits in each arm (in the order the arms were given).
public struct SubjectOutcome: Sendable {
    public var subject: SubjectParameters
    public var arms: [[Visit]]

    /// The week-0 isometric test (identical in every arm).
    public var baseline: IsometricResult { arms[0][0].isometric }
}

/// Runs a cohort through every arm on several threads (the same virtual subjects in each arm).
///
/// Work is handed out in chunks from an atomic counter; every subject draws from its own streams and writes
/// into its own slot, so the output is in subject order and identical for any thread count.
public struct CohortRunner: Sendable {
    public let sampler: CohortSampler
    public let course: CourseOfCare
    public let arms: [Arm]
    public let seed: UInt64
    /// Weeks of the test visits in every arm; nil keeps each regimen's own.
    public let testWeeks: [Int]?

    /// Subjects per unit of work handed to a thread: large enough to amortise the counter, small enough to balance.
    static let chunkSize = 16

    /// `arms` empty means the baseline test alone.
    public init(sampler: CohortSampler, physiology: PhysiologyModel, test: IsometricTest, arms: [Arm], seed: UInt64,
                instrument: CourseOfCare.Instrument = .sampled, testWeeks: [Int]? = nil) {
        self.sampler = sampler
        self.arms = arms.isEmpty ? [.baseline] : arms
        course = CourseOfCare(physiology: physiology, test: test, arms: self.arms, instrument: instrument)
        self.seed = seed
        self.testWeeks = testWeeks
    }

    /// Every session of `arm` attended, tested at ``testWeeks``.
    public func participation(_ arm: Arm) -> Participation {
        arm.regimen.map { Participation.full(testWeeks: testWeeks, regimen: $0) } ?? .full
    }

    /// One subject, start to finish; the reference path the parallel run must reproduce.
    public func outcome(id: Int) throws(CohortError) -> SubjectOutcome {
        let subject = try sampler.subject(id: id, seed: seed)
        let pain = sampler.traitMean("pain_vas", sex: subject.sex)
        let odi = sampler.traitMean("odi", sex: subject.sex)
        let visits = arms.map {
            course.run(subject: subject, arm: $0, seed: seed, cohortPain: pain, cohortODI: odi, participation: participation($0))
        }
        return SubjectOutcome(subject: subject, arms: visits)
    }

    /// A baseline-only run tests whole chunks of subjects through the SIMD batch path.
    var baselineOnly: Bool { arms.count == 1 && arms[0].regimen == nil }

    /// The subjects with ids in `ids`, in order, each arm run for the whole group in lockstep so that every test
    /// visit goes through the SIMD batch path; equal (==) to ``outcome(id:)`` for each subject.
    public func outcomes(_ ids: Range<Int>) throws(CohortError) -> [SubjectOutcome] {
        let subjects = try ids.map { id throws(CohortError) in try sampler.subject(id: id, seed: seed) }
        if baselineOnly {
            return zip(subjects, course.baselineVisits(subjects: subjects, seed: seed)).map {
                SubjectOutcome(subject: $0, arms: [[$1]])
            }
        }
        let pain = subjects.map { sampler.traitMean("pain_vas", sex: $0.sex) }
        let odi = subjects.map { sampler.traitMean("odi", sex: $0.sex) }
        let byArm = arms.map {
            course.run(subjects: subjects, arm: $0, seed: seed, cohortPain: pain, cohortODI: odi, participation: participation($0))
        }
        return subjects.indices.map { i in SubjectOutcome(subject: subjects[i], arms: byArm.map { $0[i] }) }
    }

    /// Subjects `0..<count` on `threads` threads; `progress` is called with the number done (from any thread).
    public func run(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(CohortError) -> [SubjectOutcome] {
        guard count >= 1 else { throw .invalidCount(count) }
        BLASThreads.set(1)  // our threads do the parallel work; OpenBLAS's own would compete for the cores
        let done = Atomic<Int>(0)
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        return try ParallelMap.map(count: chunks, threads: threads) { chunk throws(CohortError) in
            let range = (chunk * Self.chunkSize)..<min(count, (chunk + 1) * Self.chunkSize)
            let outcomes = try outcomes(range)
            progress?(done.add(range.count, ordering: .relaxed).newValue)
            return outcomes
        }.flatMap { $0 }
    }
}
