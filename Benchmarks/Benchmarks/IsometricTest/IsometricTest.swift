import Benchmark
import Cohort
import Device
import LumbarNumerics
import Physiology
import StudySetup

let seed: UInt64 = 1

/// The first 64 subjects of the healthy-adults cohort at baseline, and the device at its data file's settings.
struct Subjects {
    let test: IsometricTest
    let batch: IsometricBatch
    let subjects: [SubjectParameters]
    let states: [SubjectState]

    init() throws {
        let setup = try RunSetup()
        test = try IsometricTest(settings: try setup.deviceSettings(), model: setup.model)
        batch = IsometricBatch(test: test)
        subjects = try (0..<64).map { id throws(CohortError) in try setup.sampler.subject(id: id, seed: seed) }
        states = subjects.map(SubjectState.init(baselineOf:))
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    // The per-subject reference path: one subject's whole test, sample by sample.
    Benchmark("reference-1-subject", configuration: configuration) { _, fixture in
        var noise = RandomStream.deviceNoise(seed: seed, subject: fixture.subjects[0].id, session: 0)
        blackHole(fixture.test.run(subject: fixture.subjects[0], state: fixture.states[0], rng: &noise))
    } setup: {
        try Subjects()
    }

    // The SIMD batch path for the same test: throughput is in batches, so subjects per second are 64 times it.
    Benchmark("batch-64-subjects", configuration: configuration) { _, fixture in
        blackHole(fixture.batch.run(subjects: fixture.subjects, states: fixture.states, seed: seed, session: 0))
    } setup: {
        try Subjects()
    }
}
