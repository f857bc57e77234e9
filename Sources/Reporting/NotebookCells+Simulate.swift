/// The cells of a simulate notebook (reduced form): every subject ran every arm, so the tables are each arm's mean
/// change from week 0 and the figures are the torque curves and the time courses.
extension NotebookCells {
    /// `stored` gives a table's file name as the run stored it (`tests.csv.gz` in a gzip run; pandas reads either).
    static func simulate(confidence: String, stored: (String) -> String) -> [Notebook.Cell] {
        [
            .code("""
            from scipy import stats

            subjects = pd.read_csv(DATA / "\(stored("subjects.csv"))")
            tests = pd.read_csv(DATA / "\(stored("tests.csv"))")
            outcomes = pd.read_csv(DATA / "\(stored("outcomes.csv"))")
            ANGLES = [c for c in tests.columns if c.startswith("torque_")]
            # torque_mean as `lumbarsim trial` defines it: the mean over the angles tested at the subject's week-0 visit
            # (an angle beyond the subject's range is empty), missing at a visit that misses one of them.
            tested = tests[tests.week == 0].set_index(["subject_id", "arm"])[ANGLES].notna()
            at_baseline = tested.reindex(pd.MultiIndex.from_frame(tests[["subject_id", "arm"]])).to_numpy()
            values = tests[ANGLES].to_numpy()
            complete = ~(at_baseline & pd.isna(values)).any(axis=1)
            tests["torque_mean"] = pd.Series((values * at_baseline).sum(axis=1, where=at_baseline) / at_baseline.sum(axis=1)).where(complete)
            # Total extensor CSA per side.
            outcomes["csa_cm2"] = outcomes[["csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2"]].sum(axis=1)
            outcomes = outcomes.rename(columns={"endurance_50_s": "endurance_s"})
            MEASURES = ["torque_mean", "csa_cm2", "endurance_s", "pain_vas"]
            visits = tests[["subject_id", "arm", "week", "torque_mean"] + ANGLES].merge(
                outcomes[["subject_id", "arm", "week", "csa_cm2", "endurance_s", "pain_vas"]], on=["subject_id", "arm", "week"])
            \(outcomeLabels)

            # Half the t-based confidence interval of a mean, as `lumbarsim plot` draws it.
            def half_width(sd, n):
                return stats.t.ppf(1 - ALPHA / 2, n - 1) * sd / n ** 0.5

            arms_present = [a for a in ARMS if a in set(visits.arm)] or sorted(set(visits.arm))
            print(f"{len(subjects)} subjects, arms {arms_present}, test weeks {sorted(visits.week.unique().tolist())}")
            """),
            .markdown("## Cohort\n\nSubjects by sex, with mean traits."),
            .code("""
            subjects.groupby("sex")[["age_y", "height_cm", "mass_kg", "pain_vas", "odi"]].agg(["count", "mean"]).round(1)
            """),
            .markdown("## Change from week 0 to each arm's last test\n\nMean change with its \(confidence) (the same subjects in every arm)."),
            .code("""
            rows = []
            for arm in arms_present:
                d = visits[visits.arm == arm]
                last = d.week.max()
                paired = d[d.week == 0].set_index("subject_id")[MEASURES].join(
                    d[d.week == last].set_index("subject_id")[MEASURES], rsuffix="_last")
                for m in MEASURES:
                    change = (paired[f"{m}_last"] - paired[m]).dropna()
                    half = half_width(change.std(), len(change)) if len(change) > 1 else float("nan")
                    rows.append({"arm": arm, "week": last, "outcome": LABELS.get(m, m), "n": len(change),
                                 "mean change": change.mean(), "ci_low": change.mean() - half, "ci_high": change.mean() + half})
            pd.DataFrame(rows).round(2)
            """),
            .markdown("## Figures\n\nTorque–angle curves at week 0 and at each arm's last test, with \(confidence) bands."),
            .code("""
            def summary(frame, column):
                g = frame.groupby("week")[column]
                s = pd.DataFrame({"mean": g.mean(), "sd": g.std(), "n": g.count()})
                half = half_width(s.sd, s.n)
                return s.assign(ci_low=s["mean"] - half, ci_high=s["mean"] + half)

            ncols = min(4, len(arms_present))
            nrows = -(-len(arms_present) // ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.0 * nrows), sharey=True, squeeze=False,
                                     layout="constrained")
            angles = [int(c.split("_")[1]) for c in ANGLES]
            for ax, arm in zip(axes.flat, arms_present):
                d = visits[visits.arm == arm]
                for week, label, colour, line in [(0, "week 0", "0.45", "--"),
                                                  (d.week.max(), f"week {d.week.max()}", COLOURS.get(arm, "black"), "-")]:
                    v = d[d.week == week]
                    mean = v[ANGLES].mean()
                    half = half_width(v[ANGLES].std(), v[ANGLES].count())
                    ax.plot(angles, mean.values, line, marker="o", color=colour, label=label)
                    ax.fill_between(angles, (mean - half).values, (mean + half).values, color=colour, alpha=0.2)
                    if week == d.week.max():
                        break
                ax.set_title(arm)
                ax.set_xlabel("Flexion angle (deg)")
                ax.legend(fontsize=8)
            for ax in axes[:, 0]:
                ax.set_ylabel("Peak torque (N·m)")
            for ax in axes.flat[len(arms_present):]:
                ax.set_visible(False)
            plt.show()
            """),
            .markdown("Outcomes at every test week, arm means with \(confidence) bands."),
            .code("""
            fig, axes = plt.subplots(2, 2, figsize=(10, 6.4), squeeze=False, layout="constrained")
            for ax, m in zip(axes.flat, MEASURES):
                for arm in arms_present:
                    s = summary(visits[visits.arm == arm], m)
                    ax.plot(s.index, s["mean"], marker="o", color=COLOURS.get(arm), label=arm)
                    ax.fill_between(s.index, s.ci_low, s.ci_high, color=COLOURS.get(arm), alpha=0.15)
                ax.set_xlabel("Week")
                ax.set_ylabel(LABELS.get(m, m))
            handles, labels = axes.flat[0].get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside upper center", ncols=min(4, len(labels)), fontsize=8)
            plt.show()
            """),
        ]
    }
}
