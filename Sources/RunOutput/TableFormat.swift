import CZlib
import Foundation

/// How output tables are stored: plain CSV, or CSV in gzip.
///
/// A gzip table is a sequence of gzip members, one for the header and one per chunk of rows (RFC 1952 allows
/// members to be concatenated; gzip, zcat, Python and R read them as one stream). Members are made with fixed
/// settings and no time stamp, so the bytes depend only on the rows (and on the zlib version).
public enum TableFormat: String, Codable, Sendable {
    case csv
    case gzip

    /// The file name of a table: `tests.csv` or `tests.csv.gz`.
    public func fileName(_ table: String) -> String { self == .gzip ? table + ".gz" : table }

    /// Rows (or a header) as they are stored.
    public func encode(_ text: Data) -> Data { self == .gzip ? Gzip.member(text) : text }

    /// A stored table's text: every gzip member in turn (a table is a header member and one per chunk); nil when
    /// the bytes are not the format's.
    public func decode(_ stored: Data) -> Data? { self == .gzip ? Gzip.inflate(stored) : stored }
}

enum Gzip {
    /// zlib's default trade-off between size and time.
    static let level: Int32 = 6
    /// 15-bit window, +16 for the gzip wrapper instead of zlib's.
    static let windowBits: Int32 = 15 + 16
    static let memoryLevel: Int32 = 8

    /// One complete gzip member holding `data`.
    static func member(_ data: Data) -> Data {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed (\(status))")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        var out = Data(count: bound)
        let written: Int = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBytes { (output: UnsafeMutableRawBufferPointer) in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(output.count)
                // deflateBound guarantees room for the whole member in one call.
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate did not finish (\(result))")
                return Int(stream.total_out)
            }
        }
        out.count = written
        return out
    }

    /// The concatenated contents of every gzip member in `data`, or nil when it is not gzip or is cut short.
    static func inflate(_ data: Data) -> Data? {
        guard !data.isEmpty else { return Data() }
        var out = Data()
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while offset < data.count {
            var stream = z_stream()
            guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
            defer { inflateEnd(&stream) }
            var status: Int32 = Z_OK
            let consumed: Int = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress! + offset)
                stream.avail_in = uInt(input.count - offset)
                repeat {
                    status = buffer.withUnsafeMutableBytes { output in
                        stream.next_out = output.bindMemory(to: Bytef.self).baseAddress
                        stream.avail_out = uInt(output.count)
                        return CZlib.inflate(&stream, Z_NO_FLUSH)
                    }
                    out.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                } while status == Z_OK
                return Int(stream.total_in)
            }
            guard status == Z_STREAM_END, consumed > 0 else { return nil }
            offset += consumed
        }
        return out
    }
}

/// CRC-32 (zlib's) of output files, combinable so that a file assembled from chunks need not be read again.
public struct CRC32: Codable, Equatable, Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public init(_ data: Data) { update(data) }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { raw in
            value = UInt32(crc32(uLong(value), raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
    }

    /// The CRC of this data followed by data of `length` bytes whose CRC is `next`.
    public mutating func append(_ next: CRC32, length: Int) {
        value = UInt32(crc32_combine(uLong(value), uLong(next.value), off_t(length)))
    }

    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = UInt32(text, radix: 16) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a CRC-32: \(text)"))
        }
        self.value = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// The size and checksum of one stored file, as recorded in a run's manifest and its chunk record.
public struct FileRecord: Codable, Equatable, Sendable {
    public var bytes: Int
    public var crc32: CRC32
    /// SHA-256 of the finished file (`sha256:` and 64 hex digits), recorded once the table is complete; chunk
    /// records, whose digests cannot be combined, have none.
    public var sha256: String?

    public init(_ data: Data) {
        bytes = data.count
        crc32 = CRC32(data)
    }

    public init(bytes: Int, crc32: CRC32) {
        self.bytes = bytes
        self.crc32 = crc32
    }

    /// Same size and CRC-32 (a combined record has no SHA-256 to compare).
    public func matches(_ other: FileRecord) -> Bool { bytes == other.bytes && crc32 == other.crc32 }

    /// This file followed by `next`.
    public mutating func append(_ next: FileRecord) {
        crc32.append(next.crc32, length: next.bytes)
        bytes += next.bytes
    }
}
