#!/usr/bin/env python3
"""Execute Jupyter notebooks with nbclient and fail on any cell error.

Usage: run_notebooks.py NOTEBOOK.ipynb [...] [--save-dir DIR]

Each notebook is validated against the nbformat 4 schema, run top to bottom in its own folder (so the data
folder beside it resolves) on a python3 kernel, and checked: no cell raised, and every cell that calls
plt.show() produced a PNG figure. --save-dir writes the executed copies there (the inputs are left as they are).
"""
import argparse
import base64
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(path: Path, save_dir: Path | None) -> int:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    started = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as error:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip()  # the traceback's terminal colours
        first = text.splitlines()[-1] if text else "cell error"
        print(f"{path}: a cell failed: {first}", file=sys.stderr)
        return 1
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    for index, cell in enumerate(code_cells):
        if "plt.show()" in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            if not images or not all(base64.b64decode(o["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n" for o in images):
                print(f"{path}: code cell {index} draws a figure but produced no PNG", file=sys.stderr)
                return 1
    if save_dir:
        save_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, save_dir / path.name)
    figures = sum("plt.show()" in c.source for c in code_cells)
    print(f"{path}: {len(code_cells)} code cells ran, {figures} figures, {time.monotonic() - started:.1f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--save-dir", type=Path)
    args = parser.parse_args()
    failures = sum(run(path, args.save_dir) for path in args.notebooks)
    if failures:
        print(f"{failures} of {len(args.notebooks)} notebooks failed", file=sys.stderr)
        return 1
    print(f"all {len(args.notebooks)} notebooks executed without cell errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
