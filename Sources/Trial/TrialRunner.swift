import Cohort
import Course
import Device
import LumbarNumerics
import Physiology

/// A trial's subjects and what happened to them.
public struct TrialResult: Sendable {
    public var design: TrialDesign
    public var seed: UInt64
    public var subjects: [TrialSubject]
    public var allocation: Allocation
}

/// Runs a trial: enrols subjects from the cohorts, randomises them, and follows each through their one arm.
///
/// Every draw comes from counter-based streams keyed by (seed, subject or list, use), and each subject is followed
/// independently, so a trial is the same for a seed on any number of threads.
public struct TrialRunner: Sendable {
    public let design: TrialDesign
    public let seed: UInt64
    let samplers: [CohortSampler]
    let course: CourseOfCare
    let arms: [Arm]

    public init(setup: TrialSetup, design: TrialDesign, settings: DeviceSettings, seed: UInt64) throws {
        self.design = design
        self.seed = seed
        samplers = setup.samplers
        arms = design.arms.map(Arm.init(regimen:))
        let test = try IsometricTest(settings: settings, model: setup.run.model)
        course = CourseOfCare(physiology: setup.run.physiology, test: test, arms: arms, instrument: design.instrument)
    }

    /// The same trial under another design and seed (a replicate of a power analysis).
    func with(design: TrialDesign, seed: UInt64) -> TrialRunner {
        let course = design.instrument == course.instrument ? course
            : CourseOfCare(physiology: course.physiology, test: course.test, arms: arms, instrument: design.instrument)
        return TrialRunner(design: design, seed: seed, samplers: samplers, course: course, arms: arms)
    }

    private init(design: TrialDesign, seed: UInt64, samplers: [CohortSampler], course: CourseOfCare, arms: [Arm]) {
        self.design = design
        self.seed = seed
        self.samplers = samplers
        self.course = course
        self.arms = arms
    }

    /// Enrolment, allocation and every subject's course, on `threads` threads; `progress` gets the number done.
    public func run(threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(CohortError) -> TrialResult {
        BLASThreads.set(1)  // our threads do the parallel work
        let enrolled = try (0..<design.subjects).map { id throws(CohortError) in
            try samplers[id % samplers.count].subject(id: id, seed: seed)
        }
        let randomiser = Randomiser(scheme: design.randomisation, armCount: design.arms.count,
                                    blockMultiples: design.blockMultiples, seed: seed)
        let allocation = randomiser.allocate(strata: enrolled.map { Stratum(sex: $0.sex, clbp: $0.clbp).index })
        let subjects = ParallelMap.map(count: enrolled.count, threads: threads, progress: progress) { id in
            follow(enrolled[id], arm: allocation.arms[id])
        }
        return TrialResult(design: design, seed: seed, subjects: subjects, allocation: allocation)
    }

    /// One subject through their arm: participation, the course, and the outcomes at the visits they attend.
    func follow(_ subject: SubjectParameters, arm: Int) -> TrialSubject {
        let sampler = samplers[subject.id % samplers.count]
        let followUpDays = design.followUpWeeks * 7
        let taking = design.participation.draw(subject: subject.id, regimen: design.arms[arm], followUpDays: followUpDays, seed: seed)
        let visits = course.run(subject: subject, arm: arms[arm], seed: seed,
                                cohortPain: sampler.traitMean("pain_vas", sex: subject.sex),
                                cohortODI: sampler.traitMean("odi", sex: subject.sex),
                                participation: taking.participation(testWeeks: design.visitWeeks, weeks: design.followUpWeeks))
        let attended = visits.filter { $0.week * 7 < (taking.dropoutDay ?? .max) }
        let meanAngles = attended.first?.isometric.anglesDeg ?? []
        return TrialSubject(
            id: subject.id, arm: arm, sex: subject.sex, clbp: subject.clbp, cohort: sampler.definition.name,
            participation: taking, sessionsAttended: taking.attended.count,
            visits: attended.map { .init(week: $0.week, values: TrialOutcome.values(of: $0, meanAngles: meanAngles),
                                         recurrenceDay: $0.outcomes.recurrenceDay) },
            followUpWeek: design.followUpWeeks, samples: visits.reduce(0) { $0 + $1.isometric.samples })
    }
}
