import Trial

/// The note every notebook carries before its tables: which outcomes' effects are evidence-synthesis inputs rather
/// than predictions of the model's mechanisms, by kind of care, with their sources.
extension NotebookCells {
    /// `trial`: the run has effects.csv, whose columns carry the label of each row.
    static func evidenceNote(_ evidence: OutcomeEvidence, trial: Bool) -> Notebook.Cell {
        var lines = ["## Where the effects come from", "",
                     "Outcomes not listed here are \(evidence.fallback.evidence.rawValue): \(evidence.fallback.basis) "
                     + "The effects below are **not** predictions (`Datasets/trials/outcome-evidence.yaml`; source keys in `Datasets/references.yaml`"
                     + (trial ? "; `effects.csv` gives each row's label in its columns `evidence` and `evidence_basis`" : "") + ").", "",
                     "| outcome | kind of care | evidence | basis (sources) |", "|---|---|---|---|"]
        for outcome in TrialOutcome.allCases {
            guard let byKind = evidence.outcomes[outcome.rawValue] else { continue }
            for kind in byKind.keys.sorted() {
                let label = byKind[kind]!
                lines.append("| \(outcome.rawValue) | \(kind) | \(label.evidence.rawValue) | \(label.described) |")
            }
        }
        return .markdown(lines.joined(separator: "\n"))
    }
}
