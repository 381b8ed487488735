"""The one table of rules a derivation may cite.

Numbering follows seed 003 ("The Art of Matrix Derivative"): the rules of the
matrix differential §2.2 (1)-(8) and the trace tricks §2.3 (1)-(5).  Steps
refer to rules by key; the renderers and the docs' rules page read names and
formulas from here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A named rule: how readers see it beside a step, and its formula in LaTeX.

    ``name`` is prose with its math between ``$…$`` (each renderer typesets it as math).
    ``instance`` is how a step that names its matrix reads (``{0}`` is the name in LaTeX):
    ``symmetric:A`` shows as "$A$ is symmetric" beside the step, while the rules page shows
    the general ``name``.
    """

    name: str
    formula: str
    group: str          # "differential" | "trace" | "core" | "chain" | "jacobian" | "algebra"
    #                     | "hessian" | "stationary" | "entries"
    instance: str = ""


def _r(group: str, name: str, formula: str, instance: str = "") -> Rule:
    return Rule(name, formula, group, instance)


RULES: dict[str, Rule] = {
    # the differential of f, by the rules of the matrix differential (seed 003 §2.2)
    "differential": _r("differential", "take the differential",
                       r"df = f(X + dX) - f(X) \text{ to first order}"),
    "d.sum": _r("differential", "rule (1): differential of a sum", r"d(X \pm Y) = dX \pm dY"),
    "d.broadcast": _r("differential", "a scalar added to a matrix is added to every entry",
                      r"d(X + t) = dX + dt\,\mathbf{1}\,\mathbf{1}^{T}"),
    "d.product": _r("differential", "rule (2): product rule", r"d(XY) = (dX)Y + X\,dY"),
    "d.transpose": _r("differential", "rule (3): differential of a transpose", r"d(X^{T}) = (dX)^{T}"),
    "d.trace": _r("differential", "rule (4): differential of a trace", r"d\operatorname{tr}(X) = \operatorname{tr}(dX)"),
    "d.inverse": _r("differential", "rule (5): differential of an inverse", r"dX^{-1} = -X^{-1}\,dX\,X^{-1}"),
    "d.det": _r("differential", "rule (6): differential of a determinant",
                r"d\left|X\right| = \operatorname{tr}(\operatorname{adj}(X)\,dX) = \left|X\right| \operatorname{tr}(X^{-1} dX)"),
    "d.adj": _r("differential", "differential of the adjugate, adj(X) = |X| X⁻¹",
                r"d\operatorname{adj}(X) = \left|X\right| \operatorname{tr}(X^{-1} dX)\,X^{-1} - \left|X\right| X^{-1}\,dX\,X^{-1}"),
    "d.hadamard": _r("differential", "rule (7): differential of a Hadamard product",
                     r"d(X \odot Y) = dX \odot Y + X \odot dY"),
    "d.elementwise": _r("differential", "rule (8): differential of an element-wise function",
                        r"d\sigma(X) = \sigma'(X) \odot dX"),
    "d.logdet": _r("differential", "differential of a log-determinant",
                   r"d\ln\left|X\right| = \operatorname{tr}(X^{-1} dX)"),
    "d.constant": _r("differential", "the differential of a constant is 0", r"dA = 0"),
    "d.scalar": _r("differential", "constant factors come out of the differential", r"d(aX) = a\,dX"),
    "d.power": _r("differential", "differential of a power", r"d(s^{p}) = p\,s^{p-1}\,ds"),
    "d.variable_exponent": _r("differential", "differential of a power with a variable exponent",
                              r"d(s^{p}) = d\,e^{p \ln s} = s^{p} \ln(s)\,dp + p\,s^{p-1}\,ds"),
    "d.matrix_power": _r("differential", "differential of a matrix power",
                         r"d(X^{k}) = \sum_{i=0}^{k-1} X^{i}\,dX\,X^{k-1-i}"),
    "d.norm2": _r("differential", "a squared norm is an inner product",
                  r"\lVert x\rVert^{2} = x^{T} x,\ \lVert X\rVert^{2} = \operatorname{tr}(X^{T} X)"),
    "d.norm": _r("differential", "differential of a norm",
                 r"d\lVert X\rVert = \frac{\operatorname{tr}(X^{T} dX)}{\lVert X\rVert}"),
    "d.quotient": _r("differential", "quotient rule", r"d\frac{a}{b} = \frac{da}{b} - \frac{a\,db}{b^{2}}"),
    "d.elemdiv": _r("differential", "differential of an element-wise quotient",
                    r"d(X \oslash Y) = dX \oslash Y - (X \oslash (Y \odot Y)) \odot dY"),
    "d.kron": _r("differential", "differential of a Kronecker product",
                 r"d(X \otimes Y) = dX \otimes Y + X \otimes dY"),
    "kron.trace": _r("differential", "trace of a Kronecker product",
                     r"\operatorname{tr}(A \otimes B) = \operatorname{tr}(A)\operatorname{tr}(B)"),
    "kron.sum": _r("differential", "sum of a Kronecker product",
                   r"\operatorname{sum}(A \otimes B) = \operatorname{sum}(A)\operatorname{sum}(B)"),
    "kron.norm": _r("differential", "norm of a Kronecker product",
                    r"\lVert A \otimes B\rVert = \lVert A\rVert\,\lVert B\rVert"),
    "kron.mixed": _r("differential", "mixed product of Kronecker products",
                     r"(A \otimes B)(C \otimes D) = AC \otimes BD"),
    "d.linear": _r("differential", "d commutes with linear maps",
                   r"d\operatorname{sum}(X) = \operatorname{sum}(dX),\ d\operatorname{diag}(X) = \operatorname{diag}(dX)"),
    "d.softmax": _r("differential", "differential of softmax",
                    r"d\operatorname{softmax}(x) = (\operatorname{diag}(s) - s s^{T})\,dx,\ s = \operatorname{softmax}(x)"),
    "d.softmax_rows": _r("differential", "differential of softmax, row by row",
                         r"d\operatorname{softmax}(Z) = S \odot dZ - \operatorname{diag}((S \odot dZ)\mathbf{1})\,S,"
                         r"\ S = \operatorname{softmax}(Z)"),
    "d.logsumexp": _r("differential", "differential of log-sum-exp",
                      r"d\operatorname{logsumexp}(x) = \operatorname{softmax}(x)^{T} dx"),
    "d.norm1": _r("differential", "differential of the entry-wise 1-norm (where no entry is 0)",
                  r"d\lVert X\rVert_{1} = \operatorname{tr}(\operatorname{sign}(X)^{T} dX)"),
    "d.abstract": _r("differential", "differential of a scalar function",
                     r"dL = \operatorname{tr}\left(\left(\frac{\partial L}{\partial Y}\right)^{T} dY\right)"),
    "inc.increment": _r("differential", "the increment of f (method: increment)",
                        r"df = f(X + dX) - f(X)"),
    "inc.expand": _r("differential", "multiply out", r"(X + dX) B (X + dX)^{T} = X B X^{T} + X B\,dX^{T} + dX\,B X^{T} + dX\,B\,dX^{T}"),
    "inc.first_order": _r("differential", "in the limiting case: f cancels, and the terms of second and higher order in the increment vanish",
                          r"dX\,B\,dX^{T} \to 0 \text{ as } dX \to 0"),
    "d.inverse_identity": _r("differential", "a matrix times its inverse is $I$, and $dI = 0$",
                             r"d(X X^{-1}) = dI = 0"),
    "d.inverse_proof": _r("differential", "multiply on the left by the inverse",
                          r"X\,dX^{-1} + dX\,X^{-1} = 0 \Rightarrow dX^{-1} = -X^{-1}\,dX\,X^{-1}"),
    # the trace tricks (seed 003 §2.3)
    "tr.scalar": _r("trace", "trace trick (1): a scalar is its own trace", r"a = \operatorname{tr}(a)"),
    "tr.transpose": _r("trace", "trace trick (2): transpose inside the trace",
                       r"\operatorname{tr}(A^{T}) = \operatorname{tr}(A)"),
    "tr.linear": _r("trace", "trace trick (3): linearity of the trace",
                    r"\operatorname{tr}(A \pm B) = \operatorname{tr}(A) \pm \operatorname{tr}(B)"),
    "tr.cyclic": _r("trace", "trace trick (4): cyclic property of the trace",
                    r"\operatorname{tr}(AB) = \operatorname{tr}(BA)"),
    "tr.hadamard": _r("trace", "trace trick (5): Hadamard product inside the trace",
                      r"\operatorname{tr}(A^{T}(B \odot C)) = \operatorname{tr}((A \odot B)^{T} C)"),
    "ip.hadamard": _r("trace", "a Hadamard factor moves across the inner product",
                      r"a^{T}(b \odot c) = (a \odot b)^{T} c"),
    "tr.kron": _r("trace", "a Kronecker factor inside the trace",
                  r"\operatorname{tr}(Q^{T}(A \otimes Y)) = \operatorname{tr}(G^{T} Y),\ "
                  r"G = (\operatorname{vec}(A)^{T} \otimes I)(I \otimes Q)(\operatorname{vec}(I) \otimes I)"),
    "tr.vec": _r("trace", "a vec inside the inner product: unvec the coefficient",
                 r"p^{T} \operatorname{vec}(Y) = \operatorname{tr}(G^{T} Y),\ "
                 r"G = (\operatorname{vec}(I)^{T} \otimes I)(I \otimes p)"),
    "tr.diag": _r("trace", "diagonal inside the trace",
                  r"\operatorname{tr}(A \operatorname{diag}(x)) = \operatorname{diag}(A)^{T} x"),
    # reading off the result
    "core": _r("core", "core relation",
               r"df = \operatorname{tr}\left(\left(\frac{\partial f}{\partial X}\right)^{T} dX\right)"),
    "core.vector": _r("core", "core relation for a vector", r"df = \left(\frac{\partial f}{\partial x}\right)^{T} dx"),
    "core.scalar": _r("core", "core relation for a scalar", r"df = \frac{\partial f}{\partial t}\,dt"),
    "core.entries": _r("core", "the total differential: each entry's partial derivative times its differential",
                       r"df = \sum_{i,j} \frac{\partial f}{\partial X_{ij}}\,dX_{ij}"),
    "core.differentials": _r("core", "dX lists the differentials of the entries",
                             r"dX = \left[dX_{ij}\right]"),
    "core.product": _r("core", "the product written out entry by entry",
                       r"\left(A^{T} B\right)_{ij} = \sum_{k} A_{ki} B_{kj}"),
    "core.trace": _r("core", "its trace is df: the core relation, entry by entry",
                     r"\operatorname{tr}\left(\left(\frac{\partial f}{\partial X}\right)^{T} dX\right) = "
                     r"\sum_{i,j} \frac{\partial f}{\partial X_{ij}}\,dX_{ij} = df"),
    "chain": _r("chain", "chain rule: substitute the differential of the inner function",
                r"df = \operatorname{tr}\left(\left(\frac{\partial f}{\partial Y}\right)^{T} dY\right),\ dY = \dots"),
    "chain.sum": _r("chain", "add the contributions of every use",
                    r"\frac{\partial f}{\partial Y} = \sum_{k} \frac{\partial f}{\partial Y}\Big|_{k}"),
    "substitute": _r("chain", "substitute the definitions", r"Y = \dots"),
    "chain.jacobian": _r("chain", "chain rule: the Jacobians multiply",
                         r"\frac{\partial F}{\partial x} = \sum_{u} \frac{\partial F}{\partial u} \frac{\partial u}{\partial x}"),
    "chain.denominator": _r("chain", "chain rule in denominator layout: the derivatives multiply right to left",
                            r"\frac{\partial g}{\partial x} = \frac{\partial u}{\partial x} \frac{\partial g}{\partial u}"),
    # tidying up
    "expand": _r("algebra", "expand the products", r"A(B + C) = AB + AC"),
    "collect": _r("algebra", "collect like terms", r"AB + AC = A(B + C)"),
    "transpose_out": _r("algebra", "transpose of the coefficient", r"(AB)^{T} = B^{T} A^{T}"),
    "symmetric": _r("algebra", "a symmetric matrix equals its transpose", r"A^{T} = A",
                    "${0}$ is symmetric"),
    "probability": _r("algebra", "the entries of a probability vector sum to 1", r"\mathbf{1}^{T} y = 1",
                      "${0}$ is a probability vector"),
    "scalar_transpose": _r("algebra", "a scalar equals its transpose", r"a^{T} = a"),
    "sum.ones": _r("algebra", "a sum of entries is 𝟏ᵀX𝟏", r"\operatorname{sum}(X) = \mathbf{1}^{T} X \mathbf{1}"),
    "zero": _r("algebra", "the constants drop out", r"dA = 0"),
    "claim": _r("algebra", "which is the claimed result",
                r"D = D_{\text{claimed}} \text{ (equal at every point; checked numerically)}"),
    "inverse.cancel": _r("algebra", "a matrix times its inverse is the identity",
                         r"X X^{-1} = X^{-1} X = I"),
    "inverse.inverse": _r("algebra", "the inverse of an inverse", r"(X^{-1})^{-1} = X"),
    "inverse.scalar": _r("algebra", "a number comes out of an inverse", r"(\alpha X)^{-1} = \alpha^{-1} X^{-1}"),
    "inverse.product": _r("algebra", "the inverse of a product of square matrices",
                          r"(A B)^{-1} = B^{-1} A^{-1}"),
    "symmetric.implied": _r("algebra", r"$X^{T} X$, $X X^{T}$ and $A^{T} S A$ ($S$ symmetric) are symmetric",
                            r"(X^{T} X)^{T} = X^{T} X,\ ((X^{T} X)^{-1})^{T} = (X^{T} X)^{-1}"),
    "det.transpose": _r("algebra", "a matrix and its transpose have one determinant",
                        r"\left|X^{T}\right| = \left|X\right|"),
    "det.power": _r("algebra", "the determinant of a power", r"\left|X^{k}\right| = \left|X\right|^{k}"),
    "sigmoid": _r("algebra", r"the logistic function, $\sigma(x) = e^{x}/(1 + e^{x})$",
                  r"\frac{e^{x}}{1 + e^{x}} = \frac{1}{1 + e^{-x}} = \sigma(x)"),
    "hadamard.cancel": _r("algebra", "an entry-wise quotient cancels", r"x \odot (1 \oslash x) = \mathbf{1}"),
    "hadamard.ones": _r("algebra", "entry-wise, a factor of ones changes nothing; transposes come out",
                        r"\mathbf{1} \odot A = A,\ A^{T} \odot B^{T} = (A \odot B)^{T}"),
    "hadamard.row": _r("algebra", "an entry-wise product of rows is the transpose of one of columns",
                       r"u^{T} \odot v^{T} = (u \odot v)^{T}"),
    "hadamard.power": _r("algebra", "an entry-wise product of equal factors is an entry-wise power",
                         r"u \odot u = u^{\circ 2}"),
    "hadamard.inner": _r("algebra", "an inner product with a Hadamard product",
                         r"a^{T} (b \odot c) = \mathbf{1}^{T} (a \odot b \odot c)"),
    "diag.hadamard": _r("algebra", "a diagonal matrix acts entry-wise", r"\operatorname{diag}(v)\,w = v \odot w"),
    "diag.product": _r("algebra", "diagonal matrices multiply entry-wise",
                       r"\operatorname{diag}(u) \operatorname{diag}(v) = \operatorname{diag}(u \odot v)"),
    "hadamard.collect": _r("algebra", "entry-wise products are added entry by entry",
                           r"(1 - y) \odot s - y \odot (1 - s) = s - y,\ "
                           r"\operatorname{diag}(a) + \operatorname{diag}(b) = \operatorname{diag}(a + b)"),
    "diag.ones": _r("algebra", "the diagonal matrix of ones is the identity",
                    r"\operatorname{diag}(\mathbf{1}) = I"),
    # Jacobians
    "vec": _r("jacobian", "vectorise both sides", r"\operatorname{vec}(dF) = J\,\operatorname{vec}(dX)"),
    "vec.kron": _r("jacobian", "vec of a product (column order)",
                   r"\operatorname{vec}(AXB) = (B^{T} \otimes A)\operatorname{vec}(X)"),
    "vec.kron_row": _r("jacobian", "vec of a product (row order)",
                       r"\operatorname{vec}_{r}(AXB) = (A \otimes B^{T})\operatorname{vec}_{r}(X)"),
    "vec.commutation": _r("jacobian", "vec of a transpose: the commutation matrix",
                          r"\operatorname{vec}(X^{T}) = K\,\operatorname{vec}(X)"),
    "vec.kron_factor": _r("jacobian", "vec of a Kronecker product",
                          r"\operatorname{vec}(A \otimes Y) = (I \otimes K \otimes I)"
                          r"(\operatorname{vec}A \otimes I)\operatorname{vec}(Y)"),
    "vec.diag": _r("jacobian", "vec of a diagonal matrix",
                   r"\operatorname{vec}(\operatorname{diag}(v)) = \operatorname{diag}(\operatorname{vec}I)(\mathbf{1} \otimes I)\,v"),
    "vec.hadamard": _r("jacobian", "vec of a Hadamard product",
                       r"\operatorname{vec}(A \odot X) = \operatorname{diag}(\operatorname{vec}A)\operatorname{vec}(X)"),
    "jacobian": _r("jacobian", "read off the Jacobian", r"\operatorname{vec}(dF) = J\,\operatorname{vec}(dX)"),
    "layout": _r("jacobian", "read off in denominator layout: the transpose of J",
                 r"\operatorname{vec}(dF) = J\,\operatorname{vec}(dX) \Rightarrow \frac{\partial F}{\partial X} = J^{T}"),
    # Hessians: the second differential and Magnus & Neudecker's second identification theorem
    "d2": _r("hessian", r"the second differential: the differential of $df$, with $d^{2}X = 0$",
             r"d^{2}f = d(df),\ d^{2}X = 0"),
    "d2.quadratic": _r("hessian", "each term as a quadratic form (a scalar is its own transpose)",
                       r"(a^{T} dx)(b^{T} dx) = dx^{T} a b^{T} dx,\ a^{T} dx = dx^{T} a"),
    "d2.trace_form": _r("hessian", r"each term as $\operatorname{tr}(B\,dX^{T} C\,dX)$ or $\operatorname{tr}(B\,dX\,C\,dX)$ (trace tricks)",
                        r"\operatorname{tr}(A^{T} dX) \text{ with } A \text{ linear in } dX"),
    "d2.vec": _r("hessian", "vectorise the quadratic form",
                 r"\operatorname{tr}(B\,dX^{T} C\,dX) = \operatorname{vec}(dX)^{T} (B^{T} \otimes C)\operatorname{vec}(dX)"),
    "d2.identify": _r("hessian", r"second identification theorem (Magnus and Neudecker), $H = \tfrac{1}{2}(B + B^{T})$",
                      r"d^{2}f = dx^{T} B\,dx \iff H = \tfrac{1}{2}(B + B^{T})"),
    "d2.identify_kron": _r("hessian", "second identification theorem (Magnus and Neudecker), Kronecker forms",
                           r"\operatorname{tr}(B\,dX^{T} C\,dX) \Rightarrow H = \tfrac{1}{2}(B^{T} \otimes C + B \otimes C^{T}),\ "
                           r"\operatorname{tr}(B\,dX\,C\,dX) \Rightarrow H = \tfrac{1}{2} K_{n,m}(B^{T} \otimes C + C^{T} \otimes B)"),
    "d2.symmetric": _r("hessian", "the Hessian is symmetric (the Jacobian of a gradient, Schwarz's theorem)",
                       r"\frac{\partial^{2} f}{\partial x_{i}\,\partial x_{j}} = \frac{\partial^{2} f}{\partial x_{j}\,\partial x_{i}}"),
    "d2.scalar": _r("hessian", "second identification for a scalar", r"d^{2}f = c\,dt^{2} \iff \frac{d^{2}f}{dt^{2}} = c"),
    # gradients written in entries (entries:)
    "entries.partial": _r("entries", "ordinary calculus, the other entries held constant",
                          r"\frac{\partial f}{\partial x_{i}}"),
    "entries.substitute": _r("entries", "each matrix written in its entries",
                             r"A = \begin{bmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{bmatrix}"),
    "entries.written": _r("entries", "multiply out: f in the entries", r"f = \sum_{i,j} \dots"),
    "entries.jacobian": _r("entries", "the Jacobian lists the partial derivatives of each entry of f",
                           r"\frac{\partial f}{\partial x} = \left[\frac{\partial f_{i}}{\partial x_{j}}\right]"
                           r" \text{ (denominator layout: its transpose)}"),
    "entries.closed": _r("entries", "the same matrix in matrix form (equal entry for entry)",
                         r"\begin{bmatrix} \alpha_{1} & \alpha_{3} \\ \alpha_{2} & \alpha_{4} \end{bmatrix} = A^{T}"),
    "entries.assemble": _r("entries", "the gradient lists the partial derivatives, entry by entry",
                           r"\frac{\partial f}{\partial x} = \begin{bmatrix} \frac{\partial f}{\partial x_{1}} \\ \vdots \end{bmatrix}"),
    # stationary points (solve: true)
    "stat.zero": _r("stationary", "a stationary point: set the gradient to zero", r"\frac{\partial f}{\partial x} = 0"),
    "stat.move": _r("stationary", "move the constant term to the right and divide by the common factor",
                    r"a A x + b = 0 \Rightarrow A x = -b / a"),
    "stat.invert": _r("stationary", "multiply by the inverse (the matrix must be invertible)",
                      r"A x = b \Rightarrow x = A^{-1} b"),
}


SEPARATOR = "+"
"""Joins the keys of a step that applies several rules at once (``steps: brief``)."""


def rule_keys(key: str) -> list[str]:
    """The table keys a step's rule refers to: ``"d.product+symmetric:A"`` → ``["d.product", "symmetric"]``."""
    return [part.partition(":")[0] for part in key.split(SEPARATOR)]


def combine(*keys: str) -> str:
    """One step key for several rules, each named once, in order."""
    parts: list[str] = []
    for key in keys:
        parts.extend(p for p in key.split(SEPARATOR) if p not in parts)
    return SEPARATOR.join(parts)


def rule(key: str) -> Rule:
    """The rule a step cites: a key of ``RULES``, ``key:name`` for a rule about one matrix,
    or several joined by ``+`` (their names in order).  An unknown key is a bug in the engine."""
    parts = key.split(SEPARATOR)
    if len(parts) > 1:
        each = [rule(p) for p in parts]
        return Rule("; ".join(r.name for r in each), ", ".join(r.formula for r in each), each[-1].group)
    base, _, arg = key.partition(":")
    found = RULES[base]
    if arg and found.instance:
        return Rule(found.instance.format(arg), found.formula, found.group)
    return found
