// swift-tools-version: 6.1
// LumbarSim — lumbar extensor physiology, a virtual lumbar extension device, and cohort simulation.
import PackageDescription

// The kernel is compiled for Haswell-class x86-64 (AVX2), but only on x86-64 and only where this package is built
// itself (a clone, or a path dependency such as Benchmarks/). SwiftPM refuses a version dependency whose product
// contains unsafe flags, conditions and traits notwithstanding, so a package that depends on LumbarSim by URL and
// version (it lives in a `checkouts` folder) gets the portable build: the same bits, a slower kernel.
#if arch(x86_64)
let kernelCPUSettings: [SwiftSetting] = Context.packageDirectory.split(separator: "/").contains("checkouts")
    ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let kernelCPUSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "LumbarSim",
    products: [
        .executable(name: "lumbarsim", targets: ["lumbarsim"]),
        .executable(name: "kernel-compare", targets: ["kernel-compare"]),
        // Everything a study needs from Swift: `import LumbarSim` (the umbrella module) or the modules one by one.
        .library(name: "LumbarSim", targets: ["LumbarSim", "LumbarNumerics", "LumbarDatasets", "Physiology", "Regimens", "SamplingKernel",
                                              "Device", "Course", "RunOutput", "Cohort", "StudySetup", "Simulation", "Analysis", "Trial",
                                              "Plots", "Reporting", "Sensitivity"]),
        // The hot path alone, so that Benchmarks/ can build the CI gate's kernel-work without the rest of the package.
        .library(name: "SamplingKernel", targets: ["SamplingKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // `swift package generate-documentation` (DocC); a command plugin only, never linked into a product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
    ],
    targets: [
        // Layer 1: the system LAPACKE/CBLAS shim (OpenBLAS).
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Layer 1: the system zlib (gzip output, CRC-32 records of output files).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Layer 2: matrices over LAPACK, counter-based random streams, distributions.
        .target(name: "LumbarNumerics", dependencies: ["CLapack"]),
        // Layer 2: locating and decoding the data files in Datasets/ (values with sources).
        .target(name: "LumbarDatasets", dependencies: ["Yams"]),
        // Layer 3: subject parameters and state; torque over the flexion range.
        .target(name: "Physiology", dependencies: ["LumbarDatasets"]),
        // Layer 4: the five families of care (plus control and combined) as data, and their session schedules.
        .target(name: "Regimens", dependencies: ["LumbarDatasets"]),
        // Layer 4: the kernel's vector arithmetic in C vector extensions (header-only; Swift's SIMD types stay scalar).
        .target(name: "CVectorMath"),
        // Layer 4: the torque-sampling hot path, SIMD across subjects (structure of arrays).
        .target(name: "SamplingKernel", dependencies: ["LumbarNumerics", "CVectorMath"],
                swiftSettings: kernelCPUSettings),
        // Layer 4: a scalar C twin of the sampling kernel, the yardstick for its speed and bits. No FMA contraction,
        // as in Swift, so the two agree to the bit. DWARF 4: valgrind 3.19 (callgrind counts) cannot read clang's 5.
        .target(name: "CSamplingKernel",
                cSettings: [.unsafeFlags(["-O3", "-march=native", "-ffp-contract=off", "-gdwarf-4"])],
                linkerSettings: [.linkedLibrary("m")]),
        // Layer 4: a vectorised C twin of the sampling kernel (structure of arrays, vector extensions), built with the
        // best flags for the machine: the honest yardstick for the Swift kernel's speed. No FMA contraction, as above.
        .target(name: "CVecKernel", dependencies: ["CSamplingKernel", "CVectorMath"],
                cSettings: [.unsafeFlags(["-O3", "-march=native", "-ffp-contract=off", "-Wno-psabi", "-gdwarf-4"])]),
        // Layer 4: the virtual lumbar extension machine and its load-cell chain.
        .target(name: "Device", dependencies: ["Physiology", "SamplingKernel", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 4½: one subject's course through a regimen, day by day, with the device's tests on schedule.
        .target(name: "Course", dependencies: ["Regimens", "Device", "Physiology", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 5: run folders: the table formats (CSV, gzip), atomic files, the manifest, the chunk store, merge and
        // finished-run checks. Knows file layouts, not physiology.
        .target(name: "RunOutput", dependencies: ["LumbarDatasets", "LumbarNumerics", "BuildStamp", "CZlib"]),
        // Layer 5: virtual populations: cohort definitions, the correlated sampler, the seed-exact parallel runner.
        .target(name: "Cohort", dependencies: ["Course", "Device", "Physiology", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 5: one configuration for every command, loaded and checked once from Datasets/ and the user's files.
        .target(name: "StudySetup", dependencies: ["Sensitivity", "Cohort", "Course", "Device", "Physiology", "Regimens", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 5: what `simulate` and the device commands run: cohorts streamed in chunks into a resumable run folder,
        // one subject's test or training set, endurance holds, sampling sweeps.
        .target(name: "Simulation", dependencies: ["StudySetup", "Sensitivity", "Cohort", "RunOutput", "Course", "Device", "Physiology", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 2½: global sensitivity analysis of any function on the unit hypercube (Morris, Sobol); no model.
        .target(name: "Sensitivity", dependencies: ["LumbarNumerics"]),
        // Layer 6: validation against the literature, calibration, and later trial statistics.
        .target(name: "Analysis", dependencies: ["Sensitivity", "Plots", "StudySetup", "Cohort", "RunOutput", "Course", "Device", "Physiology", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 6: virtual randomised trials: randomisation, participation, ANCOVA, effect sizes, power, reports.
        .target(name: "Trial", dependencies: ["Sensitivity", "StudySetup", "Cohort", "RunOutput", "Course", "Regimens", "Device", "Physiology", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 7: a credibility assessment for a context of use (ASME V&V 40): verification, validation, uncertainty,
        // sensitivity and applicability, each computed by running the layers below.
        .target(name: "Credibility", dependencies: ["Analysis", "Trial", "Sensitivity", "StudySetup", "RunOutput", "Device", "Physiology",
                                                    "Regimens", "LumbarNumerics", "LumbarDatasets"]),
        // Layer 6: hand-written SVG charts (axes with nice ticks, bands, legends, forest plots); no dependencies.
        .target(name: "Plots"),
        // Layer 6: what a researcher takes away from a finished run folder: its figures and a Jupyter notebook.
        .target(name: "Reporting", dependencies: ["Plots", "Trial", "RunOutput", "LumbarDatasets"]),
        // Layer 7: the library's front door: `import LumbarSim` re-exports every public module (DocC catalog here).
        .target(name: "LumbarSim", dependencies: ["LumbarNumerics", "LumbarDatasets", "Physiology", "Regimens", "SamplingKernel", "Device",
                                                  "Course", "RunOutput", "Cohort", "StudySetup", "Simulation", "Analysis", "Trial",
                                                  "Plots", "Reporting", "Sensitivity", "Credibility"],
                path: "Sources/Umbrella"),
        // Layer 7: the command-line tool; parsing and printing only.
        .executableTarget(
            name: "lumbarsim",
            dependencies: ["Analysis", "Credibility", "Reporting", "Simulation", "StudySetup", "RunOutput", "Cohort", "Course", "Device", "LumbarDatasets", "Trial",
                           "BuildStamp", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Layer 1: what the binary was built from (commit, dirty flag, toolchain), written at build time by the plugin.
        .target(name: "BuildStamp", plugins: ["BuildCommit"]),
        // Writes the checkout's git commit, dirty flag and toolchain into BuildStamp before every build.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        // Swift SIMD kernel vs scalar C, vectorised C and numpy: throughput on 1 and 2 cores, and agreement.
        .executableTarget(name: "kernel-compare", dependencies: ["SamplingKernel", "CSamplingKernel", "CVecKernel", "LumbarNumerics"]),
        // Helpers every test target shares: seeded generators, hand-built subjects, the bundled data decoded once.
        .target(name: "TestSupport", dependencies: ["Device", "Physiology", "LumbarDatasets", "LumbarNumerics"], path: "Tests/TestSupport"),
        .testTarget(name: "LumbarNumericsTests", dependencies: ["LumbarNumerics", "TestSupport"]),
        .testTarget(name: "LumbarDatasetsTests", dependencies: ["LumbarDatasets"]),
        .testTarget(name: "RegimensTests", dependencies: ["Regimens", "LumbarDatasets"]),
        .testTarget(name: "PhysiologyTests", dependencies: ["Physiology", "LumbarDatasets", "TestSupport"]),
        .testTarget(name: "DeviceTests", dependencies: ["Device", "SamplingKernel", "Physiology", "LumbarDatasets", "LumbarNumerics", "TestSupport"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort", "Simulation", "StudySetup", "RunOutput", "Device", "Physiology", "LumbarDatasets", "LumbarNumerics", "TestSupport"]),
        .testTarget(name: "CourseTests", dependencies: ["Course", "Cohort", "StudySetup", "Simulation", "RunOutput", "Regimens", "Physiology", "Device", "LumbarDatasets", "TestSupport"]),
        .testTarget(name: "TrialTests", dependencies: ["Trial", "Course", "Regimens", "Device", "LumbarNumerics", "LumbarDatasets", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Sensitivity", "StudySetup", "Physiology", "LumbarDatasets"]),
        .testTarget(name: "CredibilityTests", dependencies: ["Credibility", "StudySetup", "Regimens", "Cohort", "LumbarDatasets"]),
        .testTarget(name: "SensitivityTests", dependencies: ["Sensitivity", "LumbarNumerics"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Plots", "Trial", "RunOutput", "LumbarDatasets"]),
        // Imports CVectorMath's AVX2 vector types, so it is compiled for the kernel's CPU as the kernel is.
        .testTarget(name: "KernelCompareTests", dependencies: ["kernel-compare", "SamplingKernel", "CSamplingKernel", "CVecKernel", "CVectorMath", "LumbarNumerics"],
                    swiftSettings: kernelCPUSettings),
        // End-to-end: runs the built `lumbarsim` binary as a user would.
        .testTarget(name: "CLITests", dependencies: ["lumbarsim", "kernel-compare", "LumbarDatasets", "TestSupport"]),
        // The getting-started article's code (Sources/Umbrella/LumbarSim.docc), compiled and run so that it cannot rot.
        .testTarget(name: "GettingStartedTests", dependencies: ["LumbarSim"]),
    ]
)

// Each module's README.md (its job, what it may import, its main types) is documentation, not a source or resource.
for target in package.targets where [.regular, .executable].contains(target.type) {
    target.exclude.append("README.md")
}
