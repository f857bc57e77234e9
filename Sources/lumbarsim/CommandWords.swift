import ArgumentParser
import LumbarDatasets

/// Catches a word where a subcommand belongs that names none: ArgumentParser would hand it to the default
/// subcommand (simulate) as an "unexpected argument", or show the root help for `help nosuch` and exit 0. No command
/// with subcommands takes words of its own, so a word there that names no subcommand is a mistake.
enum CommandWords {
    /// The one-line problem with the subcommand words at the start of `arguments`, or nil.
    static func problem(in arguments: [String], root: ParsableCommand.Type) -> String? {
        var words = arguments.prefix { !$0.hasPrefix("-") }[...]
        let help = words.first == "help"
        if help { words = words.dropFirst() }
        var command = root
        var path = [root._commandName]
        for word in words {
            let children = command.configuration.subcommands
            // A command's own words (plot's RUN_DIR, merge's DIRs) are its arguments, not subcommands.
            guard !children.isEmpty else { return nil }
            guard let child = children.first(where: { names($0).contains(word) }) else {
                let known = children.map { $0._commandName }
                let guess = closest(to: word, among: known).map { "; did you mean '\($0)'?" } ?? " (known: \(known.joined(separator: ", ")))"
                return "unknown subcommand '\(DataFile.excerpt(word))'\(path.count > 1 ? " of '\(path.joined(separator: " "))'" : "")\(guess)"
            }
            command = child
            path.append(child._commandName)
        }
        return nil
    }

    private static func names(_ command: ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The known word within two edits of `word` (Levenshtein), if exactly one is nearest.
    static func closest(to word: String, among known: [String]) -> String? {
        let scored = known.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 2 }
        guard let best = scored.map(\.1).min() else { return nil }
        let nearest = scored.filter { $0.1 == best }
        return nearest.count == 1 ? nearest[0].0 : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
