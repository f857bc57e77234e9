import Foundation
import XCTest

/// Faults a run can meet (issue 15): a full disk, an output folder that cannot be written, a chunk damaged while the
/// run was stopped, and tables truncated or edited after it finished. Each is refused in one line or recovered from,
/// and nothing that had been finished is lost: a resume gives the bytes of an uninterrupted run.
extension StreamCLITests {
    static let faultRun = ["--subjects", "60", "--seed", "8", "--regimen", "core-strengthening", "--rate", "50", "--chunk-size", "4"]

    /// A small file system at `tmp/disk`: a tmpfs of `bytes` where this process may mount one (root), or nil.
    func mountSmallDisk(bytes: Int) -> URL? {
        let disk = tmp.appendingPathComponent("disk")
        try? FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard getuid() == 0, shell("mount -t tmpfs -o size=\(bytes) tmpfs '\(disk.path)'") == 0 else { return nil }
        addTeardownBlock { _ = self.shell("umount '\(disk.path)'") }
        return disk
    }

    @discardableResult
    func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>/dev/null"]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The largest file under `folder`, in bytes.
    func largestFile(in folder: URL) throws -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])?.compactMap { $0 as? URL } ?? []
        return try files.map { try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }.max() ?? 0
    }

    /// A tmpfs too small for the run fills up mid-run: the run stops with a one-line error naming the file it could not
    /// write; once space is freed, `--resume` finishes it with the uninterrupted bytes. Without the right to mount, the
    /// fault comes from RLIMIT_FSIZE instead (`ulimit -f` at half the largest table, SIGXFSZ ignored so that the write
    /// fails with EFBIG): every chunk is written, and the run fails while assembling its tables.
    func testADiskFullDuringARunThenResumeAfterSpaceIsFreedGivesTheSameTables() throws {
        try simulateOK(Self.faultRun + ["--out", "reference"])
        let failed: CLIResult
        let out: String
        // tmpfs gives every file at least a page: 15 chunks of 3 tables fill 45 pages; 20 pages stop the run mid-way.
        if let disk = mountSmallDisk(bytes: 20 * 4096) {
            out = "disk/run"
            failed = try simulate(Self.faultRun + ["--out", out])
            XCTAssertEqual(shell("mount -o remount,size=64m '\(disk.path)'"), 0, "space is freed")
        } else {
            out = "run"
            let command = ([CLI.executable.path, "simulate"] + Self.faultRun + ["--out", out]).map { "'\($0)'" }.joined(separator: " ")
            let blocks = max(1, try largestFile(in: tmp.appendingPathComponent("reference")) / 2 / 1024)  // 1 KiB blocks in dash and bash
            failed = try CLI.run(["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \(command)"], in: tmp, program: URL(fileURLWithPath: "/bin/sh"))
        }
        assertRefused(failed, mentioning: ["cannot write", "--resume"])
        XCTAssertTrue(failed.stderr.contains("No space left on device") || failed.stderr.contains("File too large"), failed.summary)
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("\(out)/manifest.json")), "no finished run is claimed")
        let resumed = try simulate(Self.faultRun + ["--resume", out])
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        try assertSameTables("reference", out)
    }

    /// An `--out` inside a folder that cannot be written (read-only, or a file where a folder should be) is refused in
    /// one line before anything is computed, and leaves nothing behind.
    func testAnUnwritableOutIsRefusedInOneLine() throws {
        try CLI.write("a file, not a folder\n", to: tmp.appendingPathComponent("notes.txt"))
        assertRefused(try simulate(Self.faultRun + ["--out", "notes.txt/run"]), mentioning: ["notes.txt/run"])
        XCTAssertEqual(try String(contentsOf: tmp.appendingPathComponent("notes.txt"), encoding: .utf8), "a file, not a folder\n")

        let locked = tmp.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        // Root ignores permissions: a read-only mount then; otherwise mode 555.
        let readOnly = getuid() == 0 ? shell("mount -t tmpfs -o ro,size=4096 tmpfs '\(locked.path)'") == 0
            : (try? FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)) != nil
        try XCTSkipUnless(readOnly, "no read-only folder can be made here")
        addTeardownBlock {
            _ = self.shell("umount '\(locked.path)'")
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
        }
        assertRefused(try simulate(Self.faultRun + ["--out", "locked/run"]), mentioning: ["locked/"])
        XCTAssertEqual(try CLI.entries(of: locked), [])
    }

    /// A chunk whose bytes changed while the run was stopped does not match its CRC-32 in `chunks.json`: the resume
    /// computes it again, and the tables are the uninterrupted run's.
    func testACorruptedChunkIsComputedAgainOnResume() throws {
        try simulateOK(Self.faultRun + ["--out", "reference"])
        let process = try CLI.start(["simulate"] + Self.faultRun + ["--out", "run"], in: tmp)
        try waitForChunks("run", atLeast: 3, while: process)
        kill(process.pid, SIGKILL)
        process.wait()
        let chunks = tmp.appendingPathComponent(".run.partial/chunks")
        let files = try XCTUnwrap(FileManager.default.enumerator(at: chunks, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "csv" || $0.pathExtension == "gz" }.sorted { $0.path < $1.path })
        let victim = try XCTUnwrap(files.first)
        var bytes = [UInt8](try Data(contentsOf: victim))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: victim)
        let resumed = try simulate(Self.faultRun + ["--resume", "run"])
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        try assertSameTables("reference", "run")
    }

    /// A deleted `chunks/` folder loses its chunks, not the run: the resume computes them again. A damaged run record
    /// cannot be trusted, and is refused in one line that names it, touching nothing.
    func testADeletedChunksFolderIsComputedAgainAndADamagedRecordIsRefused() throws {
        try simulateOK(Self.faultRun + ["--out", "reference"])
        for (name, damage) in [("deleted", { (staging: URL) in try FileManager.default.removeItem(at: staging.appendingPathComponent("chunks")) }),
                               ("damaged", { (staging: URL) in try CLI.write("{\"manifest\": tru", to: staging.appendingPathComponent("chunks.json")) })] {
            let process = try CLI.start(["simulate"] + Self.faultRun + ["--out", name], in: tmp)
            try waitForChunks(name, atLeast: 2, while: process)
            kill(process.pid, SIGKILL)
            process.wait()
            let staging = tmp.appendingPathComponent(".\(name).partial")
            try damage(staging)
            let resumed = try simulate(Self.faultRun + ["--resume", name])
            if name == "deleted" {
                XCTAssertEqual(resumed.status, 0, resumed.summary)
                try assertSameTables("reference", name)
            } else {
                assertRefused(resumed, mentioning: ["cannot resume", "chunks.json", "damaged"])
                XCTAssertEqual(try String(contentsOf: staging.appendingPathComponent("chunks.json"), encoding: .utf8), "{\"manifest\": tru")
            }
        }
    }

    /// A truncated table and an edited one (same size, one digit changed) are refused in one line naming the table by
    /// every reader: `plot`, `export`, `merge` and `verify`; nothing is written, and the folder is left as it was.
    func testTruncatedOrEditedTablesAreRefusedByEveryReader() throws {
        for shard in 1...2 {
            try simulateOK(Self.faultRun + ["--shard", "\(shard)/2", "--out", "s\(shard)"])
        }
        XCTAssertEqual(try CLI.run(["trial", "--per-arm", "3", "--instrument", "ideal", "--out", "t"], in: tmp).status, 0)
        let damages: [(String, (inout [UInt8]) -> Void)] = [
            ("truncated", { $0.removeLast($0.count / 3) }),
            ("edited", { bytes in
                if let digit = bytes.lastIndex(where: { (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0) }) { bytes[digit] += 1 }
            }),
        ]
        for (kind, damage) in damages {
            for (folder, table) in [("s1", "tests.csv"), ("t", "curves.csv")] {
                let url = tmp.appendingPathComponent("\(folder)/\(table)")
                let original = try Data(contentsOf: url)
                var bytes = [UInt8](original)
                damage(&bytes)
                try Data(bytes).write(to: url)
                let before = try CLI.entries(of: tmp.appendingPathComponent(folder))
                var readers = [["plot", "all", folder], ["export", "notebook", folder, "--out", "nb-\(kind)/\(folder).ipynb"],
                               ["verify", folder]]
                if folder == "s1" { readers.append(["merge", "s1", "s2", "--out", "merged-\(kind)"]) }
                for reader in readers {
                    let result = try CLI.run(reader, in: tmp)
                    XCTAssertNotEqual(result.status, 0, "\(kind) \(table): \(reader.joined(separator: " "))\n\(result.summary)")
                    // verify reports one line per problem on stdout and a count on stderr; the others one line on stderr.
                    let lines = reader[0] == "verify" ? CLI.nonEmptyLines(result.stdout) : result.stderrLines
                    XCTAssertEqual(lines.count, 1, "\(kind) \(table): \(reader.joined(separator: " "))\n\(result.summary)")
                    XCTAssertTrue(lines.first?.contains(table) ?? false, "\(kind) \(table): \(reader.joined(separator: " "))\n\(result.summary)")
                }
                XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent(folder)), before, "no reader wrote into \(folder)")
                XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("merged-\(kind)")))
                XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("nb-\(kind)/\(folder).ipynb")))
                try original.write(to: url)
            }
        }
    }
}
