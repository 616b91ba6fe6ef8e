"""Monte Carlo batches: many seeded games in worker processes, aggregated in run order.

    batch = run_batch(scn, runs=1000, seed=0, jobs=2, bot_spec="KOR=lookahead")
    summary = summarize(scn, batch)          # the `chokepoint simulate --json` object
    text = balance_markdown(scn, summary)    # the `--report` file
"""

from .balance import WIN_BAND, balance_markdown, band_verdict, classify_cards
from .runner import Batch, default_jobs, play_one, run_batch, run_seed
from .stats import card_stats, summarize, team_stats

__all__ = [
    "WIN_BAND",
    "Batch",
    "balance_markdown",
    "band_verdict",
    "card_stats",
    "classify_cards",
    "default_jobs",
    "play_one",
    "run_batch",
    "run_seed",
    "summarize",
    "team_stats",
]
