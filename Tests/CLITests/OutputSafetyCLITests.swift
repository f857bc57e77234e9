import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// LumbarSim never destroys what it did not write: run folders are replaced only when they hold nothing but a
/// LumbarSim run of the same command (another command's with --force), output files never replace links or
/// special files, and a second process given the same folder is refused while the first writes it.
final class OutputSafetyCLITests: CLITestCase {
    private let small = ["--subjects", "4", "--rate", "20"]
    private let smallTrial = ["trial", "--arm", "control", "--arm", "stretching", "--per-arm", "4", "--instrument", "ideal"]

    func testSimulateReplacesItsOwnEarlierRun() throws {
        XCTAssertEqual(try simulate(small + ["--out", "run"]).status, 0)
        let again = try simulate(small + ["--seed", "2", "--out", "run"])
        XCTAssertEqual(again.status, 0, again.summary)
        XCTAssertTrue(try String(contentsOf: tmp.appendingPathComponent("run/manifest.json"), encoding: .utf8).contains("\"seed\" : 2"))
    }

    func testAUsersFileInARunFolderSurvivesWithAndWithoutForce() throws {
        XCTAssertEqual(try simulate(small + ["--out", "run"]).status, 0)
        let notes = tmp.appendingPathComponent("run/notes.md")
        try CLI.write("my analysis\n", to: notes)
        let before = try CLI.entries(of: tmp.appendingPathComponent("run"))
        for force in [[], ["--force"]] {
            assertRefused(try simulate(small + ["--out", "run"] + force), mentioning: ["run", "notes.md", "did not write"])
            XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent("run")), before)
            XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "my analysis\n")
        }
        XCTAssertEqual(try CLI.leftovers(in: tmp), [])
    }

    func testATrialFolderIsReplacedBySimulateOnlyWithForce() throws {
        let trial = try CLI.run(smallTrial + ["--out", "study"], in: tmp)
        XCTAssertEqual(trial.status, 0, trial.summary)
        let before = try CLI.entries(of: tmp.appendingPathComponent("study"))
        assertRefused(try simulate(small + ["--out", "study"]), mentioning: ["study", "'trial' run folder", "--force"])
        XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent("study")), before)
        XCTAssertEqual(try simulate(small + ["--out", "study", "--force"]).status, 0)
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("study/subjects.csv")))
        // And the reverse: a simulate folder is not a trial's.
        assertRefused(try CLI.run(smallTrial + ["--out", "study"], in: tmp), mentioning: ["'simulate' run folder"])
    }

    func testATrialFolderWithTheUsersNotesIsNeverReplaced() throws {
        XCTAssertEqual(try CLI.run(smallTrial + ["--out", "study"], in: tmp).status, 0)
        try CLI.write("notes\n", to: tmp.appendingPathComponent("study/notes.txt"))
        for command in [smallTrial + ["--out", "study"], smallTrial + ["--out", "study", "--force"], ["simulate"] + small + ["--out", "study", "--force"]] {
            assertRefused(try CLI.run(command, in: tmp), mentioning: ["notes.txt"])
        }
        XCTAssertEqual(try String(contentsOf: tmp.appendingPathComponent("study/notes.txt"), encoding: .utf8), "notes\n")
    }

    func testPlotsInARunFolderAreLumbarSimsOwn() throws {
        XCTAssertEqual(try CLI.run(smallTrial + ["--out", "study"], in: tmp).status, 0)
        XCTAssertEqual(try CLI.run(["plot", "all", "study"], in: tmp).status, 0)
        let rerun = try CLI.run(smallTrial + ["--out", "study"], in: tmp)
        XCTAssertEqual(rerun.status, 0, rerun.summary)
    }

    func testAForeignManifestIsNotARunFolder() throws {
        let folder = tmp.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CLI.write("not json\n", to: folder.appendingPathComponent("manifest.json"))
        try CLI.write("keep\n", to: folder.appendingPathComponent("data.txt"))
        for force in [[], ["--force"]] {
            assertRefused(try simulate(small + ["--out", "other"] + force), mentioning: ["other", "not a LumbarSim run folder"])
        }
        try CLI.write("{\"tool\": \"sometool\"}\n", to: folder.appendingPathComponent("manifest.json"))
        assertRefused(try simulate(small + ["--out", "other", "--force"]), mentioning: ["not a LumbarSim run folder"])
        XCTAssertEqual(try CLI.entries(of: folder), ["data.txt", "manifest.json"])
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("data.txt"), encoding: .utf8), "keep\n")
    }

    func testASymbolicLinkAsOutIsRefused() throws {
        XCTAssertEqual(try simulate(small + ["--out", "real"]).status, 0)
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("link").path, withDestinationPath: "real")
        assertRefused(try simulate(small + ["--out", "link"]), mentioning: ["link", "symbolic link"])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: tmp.appendingPathComponent("link").path), "real")
    }

    /// Trace and table outputs never replace a symbolic link, a FIFO or a device node (checked with lstat).
    func testOutputFilesNeverReplaceLinksOrSpecialFiles() throws {
        let target = tmp.appendingPathComponent("target.txt")
        try CLI.write("target\n", to: target)
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("link.csv").path, withDestinationPath: target.path)
        XCTAssertEqual(mkfifo(tmp.appendingPathComponent("fifo.csv").path, 0o600), 0)
        var specials = ["link.csv": "symbolic link", "fifo.csv": "FIFO"]
        // A private character device (the null device's numbers) where the test may make one (root, as in CI).
        if mknod(tmp.appendingPathComponent("device.csv").path, S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0 {
            specials["device.csv"] = "device"
        }
        for (name, kind) in specials.sorted(by: { $0.key < $1.key }) {
            for command in [["device", "test", "--rate", "50", "--trace", name], ["device", "train", "--rate", "50", "--trace", name],
                            ["device", "sweep", "--subjects", "2", "--rates", "50", "--adc-bits", "12", "--out", name]] {
                assertRefused(try CLI.run(command, in: tmp), mentioning: [name, kind])
            }
            XCTAssertNotEqual(PathKindProbe.kind(tmp.appendingPathComponent(name)), S_IFREG, "\(name) was replaced by a file")
        }
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "target\n")
    }

    /// While one process holds a run folder's lock, another given the same folder is refused in one line and
    /// changes nothing; once it is released the run goes ahead.
    func testASecondProcessOnTheSameFolderIsRefused() throws {
        let lockPath = tmp.appendingPathComponent(".run.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        for command in [["simulate"] + small + ["--out", "run"], ["simulate"] + small + ["--resume", "run"], smallTrial + ["--out", "run"]] {
            assertRefused(try CLI.run(command, in: tmp), mentioning: ["another lumbarsim process", "run"])
            XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("run")))
        }
        close(fd)
        unlink(lockPath)
        XCTAssertEqual(try simulate(small + ["--out", "run"]).status, 0)
        XCTAssertEqual(try CLI.entries(of: tmp), ["run"], "the lock file is removed when the run ends")
    }
}

private enum PathKindProbe {
    static func kind(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }
}
