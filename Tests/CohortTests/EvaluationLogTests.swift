import Foundation
import RunOutput
import XCTest

/// The log of finished model runs a resumable sensitivity run keeps: values come back to the bit, and a line torn by
/// a kill is dropped rather than read as a shorter number.
final class EvaluationLogTests: XCTestCase {
    func testValuesComeBackToTheBitAndATornLineIsDropped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let values: [[Double]] = [[0.1, -1.0 / 3.0, .pi], [1e-300, 123456.789, -0.0]]
        do {
            let log = try EvaluationLog(folder: folder, stage: "screening", width: 3)
            XCTAssertTrue(log.finished.isEmpty)
            try log.append(index: 4, values: values[0])
            try log.append(index: 0, values: values[1])
        }
        let url = folder.appendingPathComponent("evaluations/screening.log")
        // A kill in the middle of the next line: its last value cut to fewer digits, and no newline.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("7 3ff0000000000000 3ff0000000000000 3ff00".utf8))
        try handle.close()

        let reopened = try EvaluationLog(folder: folder, stage: "screening", width: 3)
        XCTAssertEqual(Set(reopened.finished.keys), [0, 4])
        XCTAssertEqual(reopened.finished[4]!.map(\.bitPattern), values[0].map(\.bitPattern))
        XCTAssertEqual(reopened.finished[0]!.map(\.bitPattern), values[1].map(\.bitPattern))
        try reopened.append(index: 7, values: [1, 2, 3])
        let again = try EvaluationLog(folder: folder, stage: "screening", width: 3)
        XCTAssertEqual(again.finished[7], [1, 2, 3], "a line appended after the torn one starts a line of its own")
        XCTAssertEqual(again.finished.count, 3)
        XCTAssertTrue(try EvaluationLog(folder: folder, stage: "sobol", width: 3).finished.isEmpty, "each stage has its own log")
    }
}
