import Benchmark
import Cohort
import Course
import Device
import Physiology
import StudySetup

let seed: UInt64 = 1

/// One subject of the clbp-adults cohort and the core-strengthening regimen (one session a week for 12 weeks, with
/// isometric tests at weeks 0, 6 and 12).
struct CoreStrengthening {
    let course: CourseOfCare
    let arm: Arm
    let subject: SubjectParameters
    let cohortPain: Double, cohortODI: Double

    init(instrument: CourseOfCare.Instrument) throws {
        let setup = try RunSetup(cohort: "clbp-adults", regimens: ["core-strengthening"])
        let test = try IsometricTest(settings: try setup.deviceSettings(), model: setup.model)
        course = CourseOfCare(physiology: setup.physiology, test: test, arms: setup.arms, instrument: instrument)
        arm = setup.arms[0]
        subject = try setup.sampler.subject(id: 0, seed: seed)
        cohortPain = setup.sampler.traitMean("pain_vas", sex: subject.sex)
        cohortODI = setup.sampler.traitMean("odi", sex: subject.sex)
    }

    func run() -> [Visit] {
        course.run(subject: subject, arm: arm, seed: seed, cohortPain: cohortPain, cohortODI: cohortODI)
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    // The day-by-day course with tests as the ideal instrument reports them: the physiology and the training alone.
    Benchmark("core-strengthening-ideal", configuration: configuration) { _, course in
        blackHole(course.run())
    } setup: {
        try CoreStrengthening(instrument: .ideal)
    }

    // The same course with its three tests sampled through the load-cell chain, as simulate runs it.
    Benchmark("core-strengthening-sampled", configuration: configuration) { _, course in
        blackHole(course.run())
    } setup: {
        try CoreStrengthening(instrument: .sampled)
    }
}
