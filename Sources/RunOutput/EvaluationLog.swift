import Foundation
import Synchronization

/// The finished evaluations of one stage of a long computation (a sensitivity design's model runs), kept in a
/// resumable run's staging folder so that an interrupted run resumes without recomputing them.
///
/// One append-only file per stage, `evaluations/STAGE.log`, a line per evaluation: its index and the bit patterns of
/// its values in hexadecimal, so a resumed run reads back exactly the numbers it computed and writes the bytes of an
/// uninterrupted one. Each line is flushed to disk as it is written; a line torn by a kill is dropped on opening.
public final class EvaluationLog: Sendable {
    public static let folderName = "evaluations"

    /// The evaluations already finished when the log was opened, by index.
    public let finished: [Int: [Double]]
    private let url: URL
    private let width: Int
    private let handle: Mutex<FileHandle>

    /// Opens (creating if needed) the log of `stage` in `folder`, whose evaluations each give `width` values.
    public init(folder: URL, stage: String, width: Int) throws(OutputError) {
        let directory = folder.appendingPathComponent(Self.folderName)
        let url = directory.appendingPathComponent("\(stage).log")
        var finished: [Int: [Double]] = [:]
        var kept = ""
        var lines = ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // what follows the last newline: nothing, or a line torn by a kill (its digits cut short)
        for line in lines {
            guard let (index, values) = Self.parse(line, width: width) else { continue }
            finished[index] = values
            kept += line + "\n"
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Rewritten with only whole lines, so that what is appended next starts a line of its own.
            try AtomicFile.write(Data(kept.utf8), to: url, durable: true)
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            self.handle = Mutex(handle)
        } catch let error as OutputError {
            throw error
        } catch {
            throw .cannotWrite(url.path, reason: RunFolder.reason(error))
        }
        self.finished = finished
        self.url = url
        self.width = width
    }

    /// Records evaluation `index`'s values (from any thread), on disk before it returns.
    public func append(index: Int, values: [Double]) throws(OutputError) {
        precondition(values.count == width, "an evaluation gives \(values.count) values for \(width)")
        let line = ([String(index)] + values.map { String($0.bitPattern, radix: 16) }).joined(separator: " ") + "\n"
        do {
            try handle.withLock { handle in
                try handle.write(contentsOf: Data(line.utf8))
                try handle.synchronize()
            }
        } catch {
            throw .cannotWrite(url.path, reason: RunFolder.reason(error))
        }
    }

    /// An index and `width` values, or nil for a line that is not whole.
    static func parse(_ line: Substring, width: Int) -> (Int, [Double])? {
        let fields = line.split(separator: " ")
        guard fields.count == width + 1, let index = Int(fields[0]), index >= 0 else { return nil }
        let values = fields.dropFirst().compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
        return values.count == width ? (index, values) : nil
    }
}
