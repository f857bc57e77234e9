// swift-tools-version: 6.1
// A user's package that depends on LumbarSim, built in CI (Examples/Consumer/build.sh). With LUMBARSIM_URL and
// LUMBARSIM_VERSION set it depends by URL and exact version, as a user depends on a release; without them, on the
// checkout two folders up.
import PackageDescription

let environment = Context.environment
let lumbarSim: Package.Dependency =
    if let url = environment["LUMBARSIM_URL"], let version = environment["LUMBARSIM_VERSION"].flatMap(Version.init(_:)) {
        .package(url: url, exact: version)
    } else {
        .package(name: "LumbarSim", path: "../..")
    }

let package = Package(
    name: "Consumer",
    dependencies: [lumbarSim],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "LumbarSim", package: "LumbarSim")]),
    ]
)
