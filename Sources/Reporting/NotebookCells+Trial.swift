/// The cells of a trial notebook: participants, effects (ANCOVA and Hedges' g), responders, power, and the four
/// figures of `lumbarsim plot` redrawn with matplotlib.
extension NotebookCells {
    static func trial(hasPower: Bool, confidence: String) -> [Notebook.Cell] {
        var cells: [Notebook.Cell] = [
            .code("""
            trial = pd.read_csv(DATA / "trial_data.csv")
            effects = pd.read_csv(DATA / "effects.csv")
            curves = pd.read_csv(DATA / "curves.csv")
            timecourse = pd.read_csv(DATA / "timecourse.csv")
            \(hasPower ? "power = pd.read_csv(DATA / \"power.csv\")\n" : "")\
            pd.set_option("display.max_rows", 200)
            \(outcomeLabels)
            SUMMARY = [o for o in ORDER if not o[len("torque_"):].isdigit() and f"{o}_baseline" in trial.columns]
            arms_present = [a for a in ARMS if a in set(trial.arm)]
            print(f"{len(trial)} subjects randomised to {len(arms_present)} arms; {int(trial.completed.sum())} completed follow-up")
            """),
            .markdown("## Participants\n\nRandomised, completed and sessions attended per arm, then the arm means at baseline."),
            .code("""
            flow = (trial.groupby("arm")
                    .agg(randomised=("subject_id", "size"), completed=("completed", "sum"),
                         sessions_attended=("sessions_attended", "mean"))
                    .reindex(arms_present))
            flow["dropout %"] = 100 * (1 - flow.completed / flow.randomised)
            flow.round(1)
            """),
            .code("""
            baseline = trial.groupby("arm")[[f"{o}_baseline" for o in SUMMARY]].mean().reindex(arms_present)
            baseline.columns = [LABELS.get(o, o) for o in SUMMARY]
            baseline.round(1)
            """),
            .markdown("""
            ## Effects against the reference arm

            ANCOVA difference at follow-up (arm − reference, adjusted for baseline) with its \(confidence) and p-value, \
            and Hedges' g with its \(confidence), from `effects.csv`; `evidence` says whether the effect is the model's \
            prediction (mechanism) or an evidence-synthesis input (see "Where the effects come from").
            """),
            .code("""
            def interval(estimate, low, high, digits=2):
                return f"{estimate:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"

            def p_text(p):
                return "< 0.001" if p < 0.001 else f"{p:.3f}"

            # Risk-ratio rows (binary outcomes, e.g. recurrence) are shown in their own table below.
            ancova = effects[effects.measure != "risk_ratio"] if "measure" in effects.columns else effects
            effects_table = pd.DataFrame({
                "outcome": ancova.outcome.map(lambda o: LABELS.get(o, o)),
                "arm": ancova.arm,
                "vs": ancova.reference,
                "n": ancova.n_arm.astype(str) + " / " + ancova.n_reference.astype(str),
                f"difference [{CI}]": [interval(*v) for v in zip(ancova.estimate, ancova.ci_low, ancova.ci_high)],
                "p": ancova.p_value.map(p_text),
                f"Hedges' g [{CI}]": [interval(*v) for v in zip(ancova.hedges_g, ancova.g_ci_low, ancova.g_ci_high)],
            })
            if "evidence" in ancova.columns:  # runs before the evidence labels lack the column
                effects_table["evidence"] = ancova.evidence
            effects_table
            """),
            .markdown("## Recurrence\n\nA new LBP episode or flare-up within 12 months of the follow-up visit: events and risk per arm, and the risk ratio against the reference with its \(confidence) (rows of `effects.csv` with `measure` `risk_ratio`; an evidence-synthesis input)."),
            .code("""
            if "measure" in effects.columns:
                ratios = effects[effects.measure == "risk_ratio"]
                display(pd.DataFrame({
                    "arm": ratios.arm, "vs": ratios.reference,
                    "events / n": ratios.events_arm.astype(int).astype(str) + " / " + ratios.n_arm.astype(str),
                    "reference events / n": ratios.events_reference.astype(int).astype(str) + " / " + ratios.n_reference.astype(str),
                    f"risk ratio [{CI}]": [interval(*v) for v in zip(ratios.estimate, ratios.ci_low, ratios.ci_high)],
                    "p": ratios.p_value.map(p_text),
                }))
            else:
                print("This run predates recurrence (no risk-ratio rows in effects.csv).")
            """),
            .markdown("## Responders\n\nShare of each arm whose improvement from baseline reached the minimal clinically important difference (MCID), for the outcomes that have one."),
            .code("""
            responders = effects[effects.mcid.notna()].copy()
            responders["outcome"] = responders.outcome.map(lambda o: LABELS.get(o, o))
            responders["arm %"] = 100 * responders.responders_arm
            responders["reference %"] = 100 * responders.responders_reference
            responders[["outcome", "mcid", "arm", "n_arm", "arm %", "reference", "n_reference", "reference %"]].round(1)
            """),
        ]
        if hasPower {
            cells += [
                .markdown("## Power\n\nShare of simulated trials whose ANCOVA found the arm's effect, by subjects per arm."),
                .code("""
                power[power.outcome.isin(SUMMARY)].pivot_table(index="n_per_arm", columns=["outcome", "arm"], values="power").round(3)
                """),
            ]
        }
        cells += figures(hasPower: hasPower, confidence: confidence)
        return cells
    }

    /// Outcome order and axis labels, the same as `lumbarsim plot`'s.
    static var outcomeLabels: String {
        let labels = OutcomeLabel.order.map { "\(pythonString($0)): \(pythonString(OutcomeLabel.of($0).titled))" }
        return "ORDER = [\(OutcomeLabel.order.map(pythonString).joined(separator: ", "))]\n"
            + "LABELS = {\(labels.joined(separator: ", "))}"
    }

    private static func figures(hasPower: Bool, confidence: String) -> [Notebook.Cell] {
        var cells: [Notebook.Cell] = [
            .markdown("## Figures\n\nTorque–angle curves before and after care, with \(confidence) bands."),
            .code("""
            arms_curves = [a for a in ARMS if a in set(curves.arm)]
            ncols = min(4, len(arms_curves))
            nrows = -(-len(arms_curves) // ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.0 * nrows), sharey=True, squeeze=False,
                                     layout="constrained")
            for ax, arm in zip(axes.flat, arms_curves):
                for visit, label, colour, line in [("baseline", "baseline", "0.45", "--"),
                                                   ("followup", "follow-up", COLOURS.get(arm, "black"), "-")]:
                    d = curves[(curves.arm == arm) & (curves.visit == visit)].sort_values("angle_deg")
                    ax.plot(d.angle_deg, d.mean_nm, line, marker="o", color=colour, label=label)
                    ax.fill_between(d.angle_deg, d.ci_low_nm, d.ci_high_nm, color=colour, alpha=0.2)
                ax.set_title(arm)
                ax.set_xlabel("Flexion angle (deg)")
            for ax in axes[:, 0]:
                ax.set_ylabel("Peak torque (N·m)")
            for ax in axes.flat[len(arms_curves):]:
                ax.set_visible(False)
            axes.flat[0].legend(fontsize=8)
            plt.show()
            """),
            .markdown("Outcomes over the weeks of care, arm means with \(confidence) bands."),
            .code("""
            outcomes_tc = [o for o in SUMMARY if o in set(timecourse.outcome)]
            nrows = -(-len(outcomes_tc) // 2)
            fig, axes = plt.subplots(nrows, 2, figsize=(10, 3.2 * nrows), squeeze=False, layout="constrained")
            for ax, outcome in zip(axes.flat, outcomes_tc):
                for arm in ARMS:
                    d = timecourse[(timecourse.outcome == outcome) & (timecourse.arm == arm)].sort_values("week")
                    if d.empty:
                        continue
                    ax.plot(d.week, d["mean"], marker="o", color=COLOURS.get(arm), label=arm)
                    ax.fill_between(d.week, d.ci_low, d.ci_high, color=COLOURS.get(arm), alpha=0.15)
                ax.set_xlabel("Week")
                ax.set_ylabel(LABELS.get(outcome, outcome))
            for ax in axes.flat[len(outcomes_tc):]:
                ax.set_visible(False)
            handles, labels = axes.flat[0].get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside upper center", ncols=min(4, len(labels)), fontsize=8)
            plt.show()
            """),
            .markdown("Forest plot: Hedges' g of each arm against the reference, \(confidence)."),
            .code("""
            forest = effects[effects.outcome.isin(SUMMARY)]
            fig, ax = plt.subplots(figsize=(8, 0.25 * len(forest) + 1.5), layout="constrained")
            y, ticks, names = 0.0, [], []
            for outcome in [o for o in SUMMARY if o in set(forest.outcome)]:
                for e in forest[forest.outcome == outcome].itertuples():
                    ax.errorbar(e.hedges_g, y, xerr=[[e.hedges_g - e.g_ci_low], [e.g_ci_high - e.hedges_g]], fmt="s",
                                color=COLOURS.get(e.arm, "black"), capsize=3)
                    ticks.append(y)
                    names.append(f"{LABELS.get(outcome, outcome)}: {e.arm}")
                    y -= 1
                y -= 0.6
            ax.axvline(0, color="0.2", linewidth=1)
            ax.set_yticks(ticks, names, fontsize=8)
            ax.set_xlabel(f"Hedges' g (arm − reference), {CI}")
            plt.show()
            """),
        ]
        if hasPower {
            cells += [
                .markdown("Power curve with the conventional 80 % line."),
                .code("""
                outcomes_power = [o for o in SUMMARY if o in set(power.outcome)]
                nrows = -(-len(outcomes_power) // 3)
                fig, axes = plt.subplots(nrows, min(3, len(outcomes_power)), figsize=(13, 3.4 * nrows), squeeze=False,
                                         layout="constrained")
                for ax, outcome in zip(axes.flat, outcomes_power):
                    for arm in ARMS:
                        d = power[(power.outcome == outcome) & (power.arm == arm)].sort_values("n_per_arm")
                        if d.empty:
                            continue
                        ax.plot(d.n_per_arm, 100 * d.power, marker="o", color=COLOURS.get(arm), label=arm)
                        ax.fill_between(d.n_per_arm, 100 * d.power_ci_low, 100 * d.power_ci_high, color=COLOURS.get(arm), alpha=0.15)
                    ax.axhline(80, color="0.3", linestyle=":", linewidth=1)
                    ax.set_ylim(0, 100)
                    ax.set_title(LABELS.get(outcome, outcome))
                    ax.set_xlabel("Subjects per arm")
                    ax.set_ylabel("Power (%)")
                for ax in axes.flat[len(outcomes_power):]:
                    ax.set_visible(False)
                handles, labels = axes.flat[0].get_legend_handles_labels()
                fig.legend(handles, labels, loc="outside upper center", ncols=min(4, len(labels)), fontsize=8)
                plt.show()
                """),
            ]
        }
        return cells
    }
}
