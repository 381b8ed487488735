"""The block reader: a ``matderiv`` block body (YAML text or a mapping) to a :class:`Problem`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_matderiv import limits, tree
from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning, quoted, refuse_surrogates
from mkdocs_matderiv.suggest import did_you_mean, explain, lookalike_names, plain, shown_name
from mkdocs_matderiv.language import options as opt
from mkdocs_matderiv.language.names import BUILTIN_WORDS
from mkdocs_matderiv.language.parser import parse_text
from mkdocs_matderiv.language.shapes import ShapeEnv
from mkdocs_matderiv.language.yamlread import TOP_KEYS, load_block_yaml
from mkdocs_matderiv.tree import Expr, Sym

if TYPE_CHECKING:
    import numpy

OPTION_DEFAULTS = {"vec": "column", "layout": "numerator", "steps": "full", "check": True,
                   "title": None, "expand": None, "order": 1, "solve": False, "method": "differential"}


@dataclass
class Problem:
    """A block, read and checked: expressions parsed, every shape resolved."""

    f: Expr
    """The expression to differentiate."""
    wrt: list[Sym]
    """The variables, as the symbols (with shapes) that occur in ``f``/``where``."""
    where: list[tuple[Sym, Expr]] = field(default_factory=list)
    """Intermediate definitions in order; each symbol has the shape of its expression."""
    assume: dict[str, frozenset[str]] = field(default_factory=dict)
    """Canonical name -> properties (``symmetric``, ``invertible``, ``positive_definite``)."""
    functions: dict[str, str] = field(default_factory=dict)
    """Abstract functions: canonical name -> ``elementwise`` | ``scalar``."""
    values: dict[str, numpy.ndarray] = field(default_factory=dict)
    """Concrete numbers: 2-D float arrays (vector (n, 1), scalar (1, 1))."""
    vec: str = "column"
    layout: str = "numerator"
    steps: str = "full"
    check: bool = True
    title: str | None = None
    expand: tuple[int, int] | None = None
    entries: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """A vector or matrix given by scalar entry names: canonical name -> rows of entry names."""
    order: int = 1
    """1: gradients, Jacobians, derivatives; 2: Hessians (CONTRACT §3)."""
    solve: bool = False
    """Also find where the gradient vanishes (CONTRACT §1 ``solve``)."""
    method: str = "differential"
    """How the derivation goes: ``differential``, ``increment`` or ``entries`` (CONTRACT §1)."""
    name: str | None = None
    """The function's name on the page (``dS``, ``∂S/∂W``); None: ``f`` (or an abstract ``L``)."""
    claim: dict[str, Expr] = field(default_factory=dict)
    """The author's stated result per ``wrt`` name (CONTRACT §1 ``claim``), shape-checked."""
    text: dict[str, str] = field(default_factory=dict)
    """The source text of each expression: ``{"f": ..., "where.Y": ...}``."""
    lines: dict[str, int] = field(default_factory=dict)
    """The block line (1-based) of each key: ``{"f": 1, "wrt": 2, "where.Y": 4}``."""
    warnings: list[MatDerivWarning] = field(default_factory=list)
    """What the block may not mean as written (two names that look alike on the page)."""


def read_block(body: str | Mapping, *, defaults: dict | None = None) -> Problem:
    """Read a block body.

    Parameters:
        body: the YAML text of the block, or the same already as a mapping.
        defaults: option values used where the block gives none (``steps``, ``check``, ...).

    Returns:
        The problem, every expression parsed and shape-checked.

    Raises:
        MatDerivError: anything wrong with the block, with its ``line`` and ``key``.
    """
    if isinstance(body, str):
        body = body.removeprefix("\ufeff")        # a byte-order mark is not part of the block
        limits.check_block_text(body)
        data, lines = load_block_yaml(body)
    elif isinstance(body, Mapping):
        data, lines = dict(body), {}
    else:
        raise MatDerivError("a matderiv block is YAML text or a mapping")
    try:
        return _Reader(data, lines, defaults or {}).read()
    except MatDerivError as exc:
        exc.located(line=lines.get(exc.key or "", lines.get((exc.key or "").split(".")[0])))
        raise


class _Reader:
    def __init__(self, data: dict, lines: dict[str, int], defaults: dict) -> None:
        self.data, self.lines, self.defaults = data, lines, defaults

    def read(self) -> Problem:
        data = self.data
        for key in data:
            if key not in TOP_KEYS:
                raise MatDerivError(_unknown_key(str(key)), line=self.lines.get(key, 1))
        for key, what in (("f", "the expression to differentiate"),
                          ("wrt", "the variable or list of variables")):
            if data.get(key) in (None, "", []):
                raise MatDerivError(f"missing key '{key}' ({what})", line=1)
        options = self.options()
        functions = {opt.name_of("functions", k): opt.function_kind(k, v)
                     for k, v in opt.mapping("functions", data.get("functions")).items()}
        assume = {opt.name_of("assume", k): opt.properties(k, v)
                  for k, v in opt.mapping("assume", data.get("assume")).items()}
        shapes = {opt.name_of("shapes", k): opt.shape_spec(k, v)
                  for k, v in opt.mapping("shapes", data.get("shapes")).items()}
        values = {opt.name_of("values", k): opt.array(k, v)
                  for k, v in opt.mapping("values", data.get("values")).items()}
        entries = {opt.name_of("entries", k): opt.entry_grid(k, v)
                   for k, v in opt.mapping("entries", data.get("entries")).items()}
        for name, grid in entries.items():
            limits.check_dimension(name, (len(grid), len(grid[0])), f"entries.{name}")
            for entry in (e for row in grid for e in row):
                if shapes.setdefault(entry, tree.SCALAR) != tree.SCALAR:
                    raise MatDerivError(f"'{entry}' is an entry of {name}, so it is a scalar",
                                        key=f"shapes.{entry}")
        for name, shape in shapes.items():
            limits.check_dimension(name, shape, f"shapes.{name}")
        for name, arr in values.items():
            limits.check_dimension(name, arr.shape, f"values.{name}")
        where_src = [(opt.name_of("where", k), self.expression_text(f"where.{k}", v))
                     for k, v in opt.mapping("where", data.get("where")).items()]
        limits.check_count("definitions in where", len(where_src), limits.MAX_WHERE, "where")
        wrt_names = self.wrt_names(data["wrt"])
        limits.check_count("variables in wrt", len(wrt_names), limits.MAX_WRT, "wrt")
        f_text = self.expression_text("f", data["f"])

        env = ShapeEnv(shapes)
        for name, arr in values.items():
            try:
                env.declare(name, arr.shape)
            except MatDerivError as exc:
                exc.located(key=f"values.{name}")
                raise
        where_names = {n for n, _ in where_src}
        for name in where_names & set(values):
            raise MatDerivError(f"'{name}' is defined in where, so its value follows from the "
                                f"others; give values for the variables it is made of",
                                key=f"values.{name}")
        check_values_fit(values, assume)
        for name in sorted(set(assume) - where_names - set(functions)):
            self.fit_assumption(env, name, assume[name])
        declared = set(wrt_names) | where_names | set(shapes) | set(assume) | set(functions) | set(values)
        variables = set(shapes) | set(values) | where_names | set(assume) | set(wrt_names)
        parse = dict(functions=functions, variables=variables - set(functions), known=declared)

        where_exprs = []
        used: set[str] = set()
        for name, text in where_src:
            key = f"where.{name}"
            if name in functions:
                raise MatDerivError(f"'{name}' is declared as a function", key=key)
            if name in BUILTIN_WORDS:
                raise MatDerivError(f"'{name}' is a built-in function; give the definition "
                                    f"another name", key=key)
            if name in used or (name in env.symbols and name not in shapes and name not in values):
                raise MatDerivError(f"'{name}' is used before it is defined (a where definition "
                                    f"may use only the ones above it)", key=key)
            expr = self.parse(text, env, key, parse)
            mentioned = {s.name for s in tree.free_symbols(expr)}
            if name in mentioned:
                raise MatDerivError(f"'{name}' refers to itself in its definition; a where "
                                    f"name is defined from other names", key=key)
            used |= mentioned
            self.define(env, name, expr, key)
            where_exprs.append(expr)
        f = self.parse(f_text, env, "f", parse)
        claim_src = self.claim_texts(wrt_names)
        claims = [self.parse(t, env, k, parse) for k, (_, t) in claim_src.items()]

        final = env.finalize([f] + where_exprs + claims)
        f, where_exprs, claims = final[0], final[1:len(where_exprs) + 1], final[len(where_exprs) + 1:]
        depths: dict[str, int] = {}
        bits: dict[str, float] = {}
        for (name, _), expr in zip(where_src, where_exprs):
            depths[name] = limits.check_tree(expr, depths, key=f"where.{name}")
            bits[name] = limits.check_folded_numbers(expr, bits, key=f"where.{name}")
        limits.check_tree(f, depths)
        limits.check_folded_numbers(f, bits)
        where = [(Sym(name, e.shape), e) for (name, _), e in zip(where_src, where_exprs)]
        self.check_consistent_shapes(f, where)
        named_only = {} if options["method"] != "entries" else entries   # method: entries names them
        wrt = self.wrt_symbols(wrt_names, f, where, functions,
                               {k: v for k, v in entries.items() if k not in named_only})
        named = [("f", f)] + [(f"where.{n}", e) for (n, _), e in zip(where_src, where_exprs)]
        warnings = self.lookalikes(named, declared | {e for g in entries.values() for row in g for e in row})
        f, where, own = self.own_name(f, where)
        claim = dict(zip((w for w, _ in claim_src.values()), claims))
        self.check_claims(claim, claim_src, f, where, entries)
        sources = {"f": f_text} | {f"where.{n}": t for n, t in where_src} | \
            {k: t for k, (_, t) in claim_src.items()}
        return Problem(f=f, wrt=wrt, where=where, assume=assume, functions=functions, values=values,
                       entries=entries, text=sources, lines=dict(self.lines), name=own, claim=claim,
                       warnings=warnings,
                       **options)

    # ------------------------------------------------------------ pieces

    def own_name(self, f: Expr, where: list) -> tuple[Expr, list, str | None]:
        """The function's name: the block's ``name``, or the ``where`` name that ``f`` is
        (``f: Z``, ``where: {Z: A W + B}``), whose definition then is ``f`` itself (no line
        ``dZ = dZ``; a definition that a later one uses stays where it is)."""
        given = self.data.get("name")
        name = opt.name_of("name", given) if given not in (None, "") else None
        if isinstance(f, Sym) and any(n == f for n, _ in where):
            later = [e for n, e in where if n != f]
            if not any(f in tree.free_symbols(e) for e in later):
                definition = next(e for n, e in where if n == f)
                return definition, [(n, e) for n, e in where if n != f], name or f.name
        if name is not None:
            clash = {s.name for s in tree.free_symbols(f)} | {n.name for n, _ in where}
            if name in clash:
                raise MatDerivError(f"'{name}' is already a name in f; the function needs a name "
                                    f"of its own (dS, ∂S/∂W)", key="name")
        return f, where, name

    def claim_texts(self, wrt_names: list[str]) -> dict[str, tuple[str, str]]:
        """``claim`` as ``{key: (wrt name, expression text)}``: one expression for one ``wrt``,
        a mapping ``name: expression`` for several."""
        value = self.data.get("claim")
        if value in (None, ""):
            return {}
        if isinstance(value, dict):
            out = {}
            for raw, text in value.items():
                name = opt.name_of("claim", raw)
                if name not in wrt_names:
                    raise MatDerivError(f"'{raw}' is not one of the wrt names "
                                        f"({', '.join(wrt_names)}); a claim states the result "
                                        f"for one of them", key=f"claim.{name}")
                out[f"claim.{name}"] = (name, self.expression_text(f"claim.{name}", text))
            return out
        if len(wrt_names) > 1:
            raise MatDerivError(f"with several wrt names a claim is a mapping, one result per name "
                                f"({wrt_names[0]}: …, {wrt_names[1]}: …)", key="claim")
        return {"claim": (wrt_names[0], self.expression_text("claim", value))}

    def check_claims(self, claim: dict[str, Expr], src: dict, f: Expr, where: list,
                     entries: dict) -> None:
        """A claim is written in the names of the problem: a name f never uses is a typo."""
        known = {s.name for e in [f, *(e for _, e in where)] for s in tree.free_symbols(e)}
        known |= {n.name for n, _ in where} | set(entries)
        for key, (wrt, _) in src.items():
            for s in tree.free_symbols(claim[wrt]):
                if s.name not in known:
                    raise MatDerivError(f"the claim uses '{s.name}', which is not a name of the "
                                        f"problem", key=key)

    def options(self) -> dict:
        out = dict(OPTION_DEFAULTS)
        for source in (self.defaults, self.data):
            for key in OPTION_DEFAULTS:
                if key not in source or source[key] is None:
                    continue
                value = source[key]
                if key in opt.CHOICES:
                    out[key] = opt.choice(key, value)
                elif key in ("check", "solve"):
                    out[key] = opt.boolean(key, value)
                elif key == "order":
                    out[key] = opt.order(value)
                elif key == "expand":
                    out[key] = opt.expand_size(value)
                else:
                    out[key] = refuse_surrogates(str(value), key=key).strip() or None
        return out

    def expression_text(self, key: str, value) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise MatDerivError("expected an expression", key=key)
        return str(value).strip()

    def wrt_names(self, value) -> list[str]:
        items = value if isinstance(value, (list, tuple)) else str(value).strip().strip("[]").split(",")
        names = [opt.name_of("wrt", str(v).strip()) for v in items]
        if not names:
            raise MatDerivError("missing key 'wrt' (the variable or list of variables)", key="wrt")
        twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
        if twice:
            raise MatDerivError(f"'{quoted(twice)}' is listed twice in wrt; list each variable once",
                                key="wrt")
        return names

    def parse(self, text: str, env: ShapeEnv, key: str, kwargs: dict) -> Expr:
        try:
            return parse_text(text, env, **kwargs)
        except MatDerivError as exc:
            exc.located(key=key)
            raise

    def define(self, env: ShapeEnv, name: str, expr: Expr, key: str) -> None:
        try:
            env.distinct(name)
        except MatDerivError as exc:
            raise exc.located(key=key) from None
        if name in env.symbols:
            old = env.symbols[name]
            if not (env.unify(old[0], expr.shape[0]) and env.unify(old[1], expr.shape[1])):
                raise MatDerivError(f"'{name}' is declared {env.describe(old)} but its expression "
                                    f"is {env.describe(expr.shape)}", key=key)
        env.symbols[name] = expr.shape

    def check_consistent_shapes(self, f: Expr, where: list) -> None:
        """Every name has one shape everywhere.  A name that is a vector by default but whose
        length the expression forces to 1 reads as a scalar in some places and not in others
        (``ssigma(WX)`` split into letters): ask for a declaration rather than guess."""
        seen: dict[str, tuple] = {name.name: name.shape for name, _ in where}
        for key, expr in [("f", f)] + [(f"where.{n.name}", e) for n, e in where]:
            for node in expr.walk():
                if isinstance(node, Sym) and seen.setdefault(node.name, node.shape) != node.shape:
                    raise MatDerivError(
                        f"'{node.name}' has two shapes, {_describe(seen[node.name])} and "
                        f"{_describe(node.shape)}; declare the shapes of its neighbours in `shapes` "
                        "(a run of letters is split into single-letter names)",
                        key=key, line=self.lines.get(key, 1))

    def fit_assumption(self, env: ShapeEnv, name: str, props: frozenset[str]) -> None:
        """An assumed property needs a square matrix (or a number): ``symmetric`` on a vector
        is the author's mistake, not something to work around.  ``probability`` needs a vector."""
        sym = env.symbol(name)
        if "probability" in props:
            if props != {"probability"} or not env.unify(sym.shape[1], 1):
                rows, cols = env.resolve(sym.shape)
                kind = "a matrix" if props == {"probability"} else f"assumed {_listed(props)}"
                raise MatDerivError(f"'{name}' is {kind}, but probability needs a vector (entries that sum "
                                    f"to 1), and nothing else", key=f"assume.{name}")
            return
        if not env.unify(sym.shape[0], sym.shape[1]):
            env.refused = None
            rows, cols = env.resolve(sym.shape)
            kind = "a vector" if cols == 1 else f"{env.describe(sym.shape)}"
            prop = sorted(props)[0].replace("_", " ")
            raise MatDerivError(f"'{name}' is {kind}, but {prop} needs a square matrix; declare "
                                f"its shape (such as n x n) in shapes, or drop the assumption",
                                key=f"assume.{name}")

    def lookalikes(self, named: list[tuple[str, Expr]], declared: set[str]) -> list[MatDerivWarning]:
        """A warning for each two names of the block that a reader cannot tell apart on the
        page (ν and v), located at the first expression that uses either."""
        used = {key: {s.name for s in tree.free_symbols(e)} for key, e in named}
        out = []
        for greek, latin in lookalike_names(declared.union(*used.values())):
            key = next((k for k, names in used.items() if {greek, latin} & names), "wrt")
            out.append(MatDerivWarning(
                f"{shown_name(greek)} and {shown_name(latin)} are two different names that look "
                f"alike on the page; if they are one name, write it one way, otherwise rename one",
                key=key, line=self.lines.get(key, 1)))
        return out

    def wrt_symbols(self, names: list[str], f: Expr, where: list, functions: dict,
                    entries: dict) -> list[Sym]:
        defined = {s.name: e for s, e in where}
        found: dict[str, Sym] = {}
        todo, seen = [f], set()
        while todo:
            for s in tree.free_symbols(todo.pop()):
                if s.name in defined:
                    if s.name not in seen:
                        seen.add(s.name)
                        todo.append(defined[s.name])
                else:
                    found.setdefault(s.name, s)
        out = []
        for name in names:
            if name in defined:
                raise MatDerivError(f"'{name}' is defined in where; differentiate with respect to "
                                    f"a variable", key="wrt")
            if name in functions:
                raise MatDerivError(f"'{name}' is a function; differentiate with respect to a "
                                    f"variable", key="wrt")
            if name in entries:
                if name in found:
                    raise MatDerivError(f"'{name}' is given by its entries; write f in its entries "
                                        f"or in {name}, not both", key=f"entries.{name}")
                grid = entries[name]
                out.append(Sym(name, (len(grid), len(grid[0]))))
                continue
            if name not in found:
                raise MatDerivError(f"'{quoted(name)}' does not occur in f", key="wrt")
            out.append(found[name])
        return out


def _unknown_key(key: str) -> str:
    """The message for a key not in :data:`TOP_KEYS`: one that only looks like a key (an
    invisible character, a Cyrillic letter) says which character it holds."""
    why, meant = explain(key), plain(key)
    if why and meant in TOP_KEYS:
        return f"unknown key '{quoted(key)}': {why}; write `{meant}`"
    return f"unknown key '{quoted(key)}'{did_you_mean(key, TOP_KEYS)}; valid keys: {', '.join(TOP_KEYS)}"


def check_values_fit(values: dict, assume: dict) -> None:
    """``values`` of an assumed name have the property (checked to a relative 1e-9)."""
    import numpy as np

    for name, arr in values.items():
        props = assume.get(name, frozenset())
        key = f"values.{name}"
        if "probability" in props:
            if arr.shape[1] != 1 or np.min(arr) < 0 or abs(float(np.sum(arr)) - 1) > 1e-9:
                raise MatDerivError(f"the values of '{name}' are not a probability vector (entries "
                                    f"at least 0 that sum to 1), but assume says they are", key=key)
            continue
        if props and arr.shape[0] != arr.shape[1]:
            raise MatDerivError(f"the values of '{name}' are {arr.shape[0]}×{arr.shape[1]}, but "
                                f"assume says it is {_listed(props)}, which needs a square matrix",
                                key=key)
        scale = max(1.0, float(np.max(np.abs(arr))))
        if props & {"symmetric", "positive_definite"} and not np.allclose(arr, arr.T, atol=1e-9 * scale):
            raise MatDerivError(f"the values of '{name}' are not symmetric, but assume says "
                                f"'{name}' is {_listed(props)}", key=key)
        if "positive_definite" in props and float(np.min(np.linalg.eigvalsh(arr))) <= 0:
            raise MatDerivError(f"the values of '{name}' are not positive definite (their "
                                f"smallest eigenvalue is {float(np.min(np.linalg.eigvalsh(arr))):.3g}), "
                                f"but assume says it is", key=key)
        if "invertible" in props and np.linalg.cond(arr) > 1e12:
            raise MatDerivError(f"the values of '{name}' are singular, but assume says '{name}' "
                                f"is invertible", key=key)


def _listed(props: frozenset[str]) -> str:
    return " and ".join(p.replace("_", " ") for p in sorted(props))


def _describe(shape: tuple) -> str:
    return "×".join(str(d) for d in shape)
