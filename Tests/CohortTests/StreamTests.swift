import Foundation
import RunOutput
import Simulation
import StudySetup
import XCTest

/// The pieces of the streaming engine: shards on the chunk grid, chunk sizes, CRC-32 records, gzip members, and
/// chunk rows that are the in-memory tables' rows.
final class StreamTests: XCTestCase {
    func testShardsCoverTheCohortOnceAlongTheChunkGrid() throws {
        for subjects in [1, 7, 70, 1000, 100_003] {
            for chunkSize in [1, 3, 16, 1024] {
                let chunks = Shard.chunkCount(subjects: subjects, chunkSize: chunkSize)
                for count in Set([1, 2, 3, 4, 64, chunks].filter { $0 <= chunks }) {
                    var next = 0
                    for index in 1...count {
                        let range = try Shard(parsing: "\(index)/\(count)").subjects(of: subjects, chunkSize: chunkSize)
                        XCTAssertEqual(range.lowerBound, next, "\(index)/\(count) of \(subjects) in chunks of \(chunkSize)")
                        XCTAssertFalse(range.isEmpty, "\(index)/\(count) of \(subjects) in chunks of \(chunkSize)")
                        XCTAssertEqual(range.lowerBound % chunkSize, 0, "shards start on the chunk grid")
                        next = range.upperBound
                    }
                    XCTAssertEqual(next, subjects)
                }
            }
        }
        XCTAssertEqual(Shard.whole.subjects(of: 70, chunkSize: 16), 0..<70)
        XCTAssertEqual(try Shard(parsing: "2/4").subjects(of: 130, chunkSize: 2), 32..<64)
    }

    func testShardTextIsCheckedWithOneLineErrors() {
        let cases: [(String, String)] = [
            ("5/4", "--shard 5/4: shards are numbered 1 to 4, so i must be within 1-4"),
            ("0/4", "--shard 0/4: shards are numbered 1 to 4, so i must be within 1-4"),
            ("0/0", "--shard 0/0: the number of shards N must be at least 1"),
            ("3", "--shard 3: expected i/N, e.g. --shard 3/8 (shards are numbered 1 to N)"),
            ("1/2/3", "--shard 1/2/3: expected i/N, e.g. --shard 3/8 (shards are numbered 1 to N)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try Shard(parsing: text)) { XCTAssertEqual("\($0)", message) }
        }
        XCTAssertEqual(try Shard(parsing: "3/8").description, "3/8")
    }

    func testDefaultChunkSizeIsAFixedFunctionOfTheCohortSize() {
        XCTAssertEqual(CohortStream.defaultChunkSize(subjects: 10), 16)
        XCTAssertEqual(CohortStream.defaultChunkSize(subjects: 1000), 16)
        XCTAssertEqual(CohortStream.defaultChunkSize(subjects: 10_000), 157)
        XCTAssertEqual(CohortStream.defaultChunkSize(subjects: 100_000), 1024)
        XCTAssertEqual(CohortStream.defaultChunkSize(subjects: 1_000_000), 1024)
    }

    func testCRC32KnownAnswerAndCombination() {
        // The standard check value of CRC-32 (ISO-HDLC), over the ASCII digits 1-9.
        XCTAssertEqual(CRC32(Data("123456789".utf8)).hex, "cbf43926")
        let a = Data("subject_id,sex\n".utf8), b = Data("0,F\n1,M\n".utf8)
        var joined = FileRecord(a)
        joined.append(FileRecord(b))
        XCTAssertEqual(joined, FileRecord(a + b))
        XCTAssertEqual(joined.bytes, a.count + b.count)
        let encoded = try? JSONEncoder().encode(joined)
        XCTAssertEqual(encoded.flatMap { try? JSONDecoder().decode(FileRecord.self, from: $0) }, joined)
    }

    func testGzipMembersAreDeterministicAndCarryNoTimeStamp() {
        let text = Data(String(repeating: "12,baseline,0,171.23,215.90,260.01\n", count: 200).utf8)
        let member = TableFormat.gzip.encode(text)
        XCTAssertEqual(Array(member.prefix(3)), [0x1f, 0x8b, 8], "gzip magic and deflate")
        XCTAssertEqual(Array(member[4..<8]), [0, 0, 0, 0], "MTIME is zero")
        XCTAssertEqual(member, TableFormat.gzip.encode(text))
        XCTAssertLessThan(member.count, text.count / 4)
        // ISIZE, the member's last four bytes, is the uncompressed length (little-endian).
        let size = member.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(size, text.count)
        XCTAssertEqual(TableFormat.csv.encode(text), text)
        XCTAssertEqual(TableFormat.gzip.fileName("tests.csv"), "tests.csv.gz")
    }

    /// Chunk rows joined under the headers are the tables the in-memory runner writes.
    func testChunkRowsJoinedAreTheInMemoryTables() throws {
        let setup = try RunSetup(cohort: "clbp-adults", regimens: ["core-strengthening", "control"])
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 20), seed: 17)
        let stream = CohortStream(runner: runner, range: 0..<23, chunkSize: 5, format: .csv)
        XCTAssertEqual(stream.chunkCount, 5)
        XCTAssertEqual(stream.subjects(inChunk: 4), 20..<23)
        var tables = stream.headers
        var counts = RunCounts()
        for k in 0..<stream.chunkCount {
            let chunk = try stream.render(chunk: k)
            for i in tables.indices { tables[i] += chunk.tables[i] }
            counts = counts + chunk.counts
        }
        let outcomes = try runner.run(count: 23, threads: 2)
        let arms = runner.arms.map(\.name)
        XCTAssertEqual(tables, [RunTables.subjects(outcomes).data, RunTables.tests(outcomes, armNames: arms).data,
                                RunTables.outcomes(outcomes, armNames: arms).data])
        // Samples: every test visit records its rest intervals too; the kernel computes only zeroing, ramps and holds.
        let visits = outcomes.flatMap { $0.arms.joined() }
        let settings = runner.course.test.settings
        XCTAssertEqual(counts.subjects, 23)
        XCTAssertEqual(counts.samplesRecorded, visits.reduce(0) { $0 + $1.isometric.samples })
        XCTAssertEqual(counts.samplesRecorded - counts.samplesComputed,
                       visits.reduce(0) { $0 + $1.isometric.anglesDeg.count * settings.restSampleCount })
        XCTAssertLessThan(counts.samplesComputed, counts.samplesRecorded / 2, "rest intervals (10 s per angle) dominate what is recorded")
    }
}
