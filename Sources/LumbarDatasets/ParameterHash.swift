/// A stable fingerprint of the parameter files a run used, for the run's manifest.
///
/// FNV-1a (64-bit) over each file's name and bytes in a fixed order: it detects any change to the
/// parameters, which is all provenance needs (it is not a security hash).
public struct ParameterHash: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
    }

    public mutating func add(name: String, contents: [UInt8]) {
        add(Array(name.utf8))
        add([0])
        add(contents)
        add([0])
    }

    /// The 64-bit hash value.
    public var value: UInt64 { state }

    /// `fnv1a64:` and sixteen hex digits.
    public var hexDigest: String {
        let hex = String(state, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
