"""Fuzzing, bounded for CI: whatever the text, only a located MatDerivError comes out.

The strategies are in ``fuzz/strategies.py``; ``fuzz/run.py --minutes 10`` runs them longer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.strategies import (  # noqa: E402
    arbitrary_blocks, expression_blocks, expressions, mutated_blocks, run_block,
)
from mkdocs_matderiv import MatDerivError  # noqa: E402
from mkdocs_matderiv.block import read_block  # noqa: E402
from mkdocs_matderiv.language import parse  # noqa: E402

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.reuse, Phase.generate])
"""No shrinking: a block may take up to its 2 s budget, and shrinking runs it hundreds of times."""


@FAST
@given(arbitrary_blocks())
def test_arbitrary_text_gives_a_derivation_or_a_located_error(text):
    run_block(text, timeout=2)


@FAST
@given(mutated_blocks())
def test_mutated_blocks_give_a_derivation_or_a_located_error(text):
    run_block(text, timeout=2)


@FAST
@given(expression_blocks())
def test_expressions_from_the_languages_tokens_give_a_derivation_or_a_located_error(text):
    run_block(text, timeout=2)


@FAST
@given(st.text(max_size=300))
def test_the_block_reader_raises_only_located_errors(text):
    try:
        read_block(text)
    except MatDerivError as err:
        assert err.where()


@FAST
@given(st.one_of(st.text(max_size=100), expressions()))
def test_the_parser_raises_only_errors_with_a_column(text):
    try:
        parse(text)
    except MatDerivError as err:
        assert err.column is not None, str(err)


# Findings of fuzz/run.py, kept as regressions.

def test_ones_times_a_matrix_gives_a_derivation_or_a_located_error():
    run_block("f: 𝟏X\nwrt: X\n")


def test_the_determinant_of_an_elementwise_log_gives_a_derivation_or_a_located_error():
    run_block("f: |lnX|\nwrt: X\n")
