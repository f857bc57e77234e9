import Benchmark
import Cohort
import LumbarNumerics
import StudySetup

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    // Drawing is per subject, from the subject's own stream: throughput is in cohorts, so subjects per second are
    // 10,000 times it.
    for cohort in ["healthy-adults", "clbp-adults"] {
        Benchmark("\(cohort)-10000-subjects", configuration: configuration) { (_, sampler: CohortSampler) throws in
            for id in 0..<10_000 { blackHole(try sampler.subject(id: id, seed: 1)) }
        } setup: {
            // As CohortRunner does: OpenBLAS's own threads would compete with the caller's for the cores.
            BLASThreads.set(1)
            return try RunSetup(cohort: cohort).sampler
        }
    }
}
