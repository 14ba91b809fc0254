"""The order of a bench run: each generated province once, every figure measured on it."""

from dataclasses import dataclass, field

from core.bench import datasets, importing, load, pages

MEASUREMENTS = ("dashboard", "list", "import", "memory", "load")


@dataclass
class Options:
    only: set = field(default_factory=lambda: set(MEASUREMENTS))
    sizes: list = field(default_factory=lambda: [10_000, 50_000])
    calls: int = 20
    warmup: int = 3
    import_rows: int = 100_000
    memory_rows: int = 1_000_000
    load_seconds: int = 20
    load_clients: int = 4
    load_workers: int = 3
    seed: int = 1
    years: int = 5
    regenerate: bool = False


def run(options, say):
    """(figures, differences between the API and the SQL query)."""
    figures, differences = {}, []
    largest = max(options.sizes)
    for size in sorted(options.sizes):
        headline = size == largest
        wanted = options.only & (
            {"dashboard", "list", "load"} if headline else {"dashboard", "list"}
        )
        if not wanted:
            continue
        suffix = "" if headline else f"_{datasets.size_label(size)}"
        province = datasets.province(
            size, years=options.years, seed=options.seed, say=say, regenerate=options.regenerate
        )
        with province as params:
            if "dashboard" in wanted:
                found, different = pages.dashboard(
                    params, calls=options.calls, warmup=options.warmup, say=say
                )
                figures.update({key + suffix: value for key, value in found.items()})
                differences += [(size, *difference) for difference in different]
            if "list" in wanted:
                found = pages.project_list(
                    params, calls=options.calls, warmup=options.warmup, say=say
                )
                figures.update({key + suffix: value for key, value in found.items()})
            if "load" in wanted:
                figures.update(
                    load.measure(
                        params,
                        seconds=options.load_seconds,
                        clients=options.load_clients,
                        workers=options.load_workers,
                        say=say,
                    )
                )
        figures[f"projects{suffix}"] = size
    rows = options.import_rows if "import" in options.only else 0
    memory = options.memory_rows if "memory" in options.only else 0
    if rows or memory:
        # one library for both sizes, whichever is measured: a run of one does not remake it
        library = max(options.import_rows, options.memory_rows)
        figures.update(
            importing.measure(rows, memory, library, say=say, regenerate=options.regenerate)
        )
    return figures, differences
