import LumbarNumerics

/// How subjects are allocated to arms.
public enum RandomisationScheme: String, CaseIterable, Sendable, Decodable {
    /// Each subject's arm drawn independently and uniformly: arm sizes vary by chance.
    case simple
    /// One list of permuted blocks over the whole trial: arms balanced after every complete block.
    case blocks
    /// A list of permuted blocks for each stratum (sex × CLBP status): arms balanced within every stratum.
    case stratified
}

/// The allocation of enrolled subjects to arms, in enrolment order.
public struct Allocation: Sendable, Equatable {
    /// The arm of each subject.
    public var arms: [Int]
    /// Subjects (indices into `arms`) per permuted block, in list order; empty under simple randomisation.
    public var blocks: [[Int]]
}

/// Randomisation of a trial: simple, permuted blocks, or permuted blocks within strata.
///
/// Block sizes are multiples of the number of arms, drawn for each block from the multiples in
/// `Datasets/trials/defaults.yaml` that still fit in the list, so a list whose length is a multiple of the number
/// of arms ends balanced; a list that cannot (a stratum's remainder) ends with a truncated block.
public struct Randomiser: Sendable {
    public let scheme: RandomisationScheme
    public let armCount: Int
    public let blockMultiples: [Int]
    public let seed: UInt64

    public init(scheme: RandomisationScheme, armCount: Int, blockMultiples: [Int], seed: UInt64) {
        precondition(armCount >= 1 && !blockMultiples.isEmpty && blockMultiples.allSatisfy { $0 >= 1 })
        self.scheme = scheme
        self.armCount = armCount
        self.blockMultiples = blockMultiples.sorted()
        self.seed = seed
    }

    /// Allocates subjects given in enrolment order with their strata (used only by `.stratified`).
    public func allocate(strata: [Int]) -> Allocation {
        switch scheme {
        case .simple:
            let arms = strata.indices.map { subject in
                var rng = RandomStream(seed: seed, address: .trial(.allocation, key: UInt64(subject)))
                return min(Int(rng.nextUniform() * Double(armCount)), armCount - 1)
            }
            return Allocation(arms: arms, blocks: [])
        case .blocks:
            return fill(lists: [Array(strata.indices)], keys: [0], count: strata.count)
        case .stratified:
            let keys = Set(strata).sorted()
            let lists = keys.map { key in strata.indices.filter { strata[$0] == key } }
            return fill(lists: lists, keys: keys, count: strata.count)
        }
    }

    /// Assigns each list of subjects the arms of its own permuted-block list (keyed by `keys`).
    private func fill(lists: [[Int]], keys: [Int], count: Int) -> Allocation {
        var arms = [Int](repeating: 0, count: count)
        var blocks: [[Int]] = []
        for (subjects, key) in zip(lists, keys) {
            var next = 0
            for block in permutedBlocks(count: subjects.count, key: UInt64(key)) {
                let members = Array(subjects[next..<(next + block.count)])
                for (subject, arm) in zip(members, block) { arms[subject] = arm }
                blocks.append(members)
                next += block.count
            }
        }
        return Allocation(arms: arms, blocks: blocks)
    }

    /// `count` allocations as permuted blocks, from the list's own stream.
    func permutedBlocks(count: Int, key: UInt64) -> [[Int]] {
        var rng = RandomStream(seed: seed, address: .trial(.blockList, key: key))
        var blocks: [[Int]] = []
        var remaining = count
        while remaining > 0 {
            let fitting = blockMultiples.filter { $0 * armCount <= remaining }
            let choices = fitting.isEmpty ? [blockMultiples[0]] : fitting
            let multiple = choices[min(Int(rng.nextUniform() * Double(choices.count)), choices.count - 1)]
            var block = (0..<(multiple * armCount)).map { $0 % armCount }
            // Fisher–Yates: every order of the block equally likely.
            for i in stride(from: block.count - 1, to: 0, by: -1) {
                block.swapAt(i, min(Int(rng.nextUniform() * Double(i + 1)), i))
            }
            let taken = Array(block.prefix(remaining))
            blocks.append(taken)
            remaining -= taken.count
        }
        return blocks
    }
}
