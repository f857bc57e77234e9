import Plots
import RunOutput

/// The cells every exported notebook starts with: provenance, imports, the manifest, the arm colours.
enum NotebookCells {
    static func provenance(_ run: RunDirectory, title: String, dataFolder: String, files: [String]) -> Notebook.Cell {
        let m = run.manifest
        let rows = [
            ("command line", "`" + m.commandLine.map(shellQuoted).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|") + "`"),
            ("LumbarSim", "\(m.version), commit `\(m.gitCommit)`"),
            ("seed", "\(m.seed)"),
            ("cohort", "\(m.cohort), \(m.subjects) subjects"),
            ("arms", m.arms.map { "`\($0)`" }.joined(separator: ", ")),
            ("device", "\(m.device), \(CSVNumber.plain(m.sampleRateHz)) Hz"),
            ("parameter hash", "`\(m.parameterHash)` over \(m.parameterFiles.count) parameter files"),
        ]
        return .markdown("""
        # \(title)

        Exported by `lumbarsim export notebook` from the run folder `\(run.name)`. The run's files \
        (\(files.map { "`\($0)`" }.joined(separator: ", "))) are copied to `\(dataFolder)/` next to this notebook, \
        so it runs anywhere: *Run All* rebuilds every table and figure from them with pandas and matplotlib.

        | provenance | |
        |---|---|
        \(rows.map { "| \($0.0) | \($0.1) |" }.joined(separator: "\n"))
        """)
    }

    /// Imports, the data folder, the manifest check, and the same arm colours as `lumbarsim plot`.
    static func setup(dataFolder: String, command: String, arms: [String], alpha: Double) -> Notebook.Cell {
        let colours = arms.enumerated().map { "\(pythonString($0.element)): \(pythonString(Palette.colour($0.offset)))" }
        return .code("""
        import json
        from pathlib import Path

        import matplotlib.pyplot as plt
        import pandas as pd

        pd.set_option("display.width", 160)
        DATA = Path(\(pythonString(dataFolder)))
        manifest = json.loads((DATA / "manifest.json").read_text())
        assert manifest["command"] == \(pythonString(command)), manifest["command"]
        for key in ["tool", "version", "git_commit", "seed", "cohort", "subjects", "parameter_hash", "arms"]:
            print(f"{key:15} {manifest[key]}")
        print(f"{'command line':15} {' '.join(manifest['command_line'])}")

        # Intervals are 1 - ALPHA, the trials' significance level (Datasets/trials/defaults.yaml).
        ALPHA = \(alpha)
        CI = f"{100 * (1 - ALPHA):g} % CI"
        ARMS = manifest["arms"]
        # Okabe-Ito colours, one per arm, as in `lumbarsim plot`.
        COLOURS = {\(colours.joined(separator: ", "))}
        """)
    }

    /// A Python string literal (JSON's escaping is valid Python).
    static func pythonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A command-line word as a shell would need it.
    static func shellQuoted(_ word: String) -> String {
        word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=,:+".contains($0) }) && !word.isEmpty
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Numbers in notebook text: no trailing ".0" on whole numbers.
enum CSVNumber {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : CSVTable.number(x, 3)
    }
}
