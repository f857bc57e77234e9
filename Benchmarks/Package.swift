// swift-tools-version: 6.1
// LumbarSim's benchmarks: a package of its own, so that the main package's build and tests never fetch or
// build the benchmark harness. Run from the repository root: `swift package --package-path Benchmarks benchmark`.
import PackageDescription

let harness: [Target.Dependency] = [.product(name: "Benchmark", package: "benchmark")]
let plugin: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "LumbarSimBenchmarks",
    dependencies: [
        // Named, so that products resolve whatever the checkout's folder is called.
        .package(name: "LumbarSim", path: ".."),
        // The MallocInterposer trait alone: the harness's default RuntimeInterposer trait pulls in a package
        // the mirror does not carry.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // The benchmark harness's own allocation counter, which kernel-work reads directly.
        .package(url: "https://github.com/ordo-one/malloc-interposer", exact: "1.6.1"),
    ],
    targets: [
        .executableTarget(
            name: "SamplingKernelBenchmarks",
            dependencies: harness + ["KernelWorkload", .product(name: "SamplingKernel", package: "LumbarSim")],
            path: "Benchmarks/SamplingKernel", plugins: plugin),
        .executableTarget(
            name: "IsometricTestBenchmarks",
            dependencies: harness + [.product(name: "LumbarSim", package: "LumbarSim")],
            path: "Benchmarks/IsometricTest", plugins: plugin),
        .executableTarget(
            name: "TrainingSessionBenchmarks",
            dependencies: harness + [.product(name: "LumbarSim", package: "LumbarSim")],
            path: "Benchmarks/TrainingSession", plugins: plugin),
        .executableTarget(
            name: "CohortGenerationBenchmarks",
            dependencies: harness + [.product(name: "LumbarSim", package: "LumbarSim")],
            path: "Benchmarks/CohortGeneration", plugins: plugin),
        // The kernel's inputs that kernel-work and the kernel benchmarks share.
        .target(name: "KernelWorkload", dependencies: [.product(name: "SamplingKernel", package: "LumbarSim")]),
        // The CI gate's fixed workload (.ci/bench-gate): the kernel alone, with its allocations counted.
        .executableTarget(
            name: "kernel-work",
            dependencies: ["KernelWorkload", .product(name: "SamplingKernel", package: "LumbarSim"),
                           .product(name: "MallocInterposerSwift", package: "malloc-interposer")]),
        // The CI gate's second workload: a lockstep batch through a 12-week regimen, the course's own instructions.
        .executableTarget(name: "course-work", dependencies: [.product(name: "LumbarSim", package: "LumbarSim")]),
    ]
)
