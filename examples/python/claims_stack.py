"""Several runs in one numpy program, for claims_protocol.py's "runs" (docs/protocol.md, version 2).

Runs of an elementwise optimizer (`elementwise = True`: hyperparameters may be (K, 1) columns, w a (K, d) matrix)
with the same role, hyperparameter keys, problem kind/loss, schedule, projection and checkpoints are stacked into one
(K, d_max) iterate, so one numpy step advances all K; a run's step schedule (`scheduled`), then its projection
(`projected`), is applied after each step.
"""
import json

import numpy as np


class Stacked:
    """K problems of one kind (and loss) padded to (K, n_max, d_max) with zeros, to step K runs at once.

    A zero row (a padded point) adds ℓ'(0)·0 = 0 to every gradient, a zero column (a padded coordinate) keeps its
    gradient 0, so each row's gradient is its own problem's: the per-row sums run over the same terms in the same
    order, plus exact zeros (`grad` uses sequential sums, not BLAS, so that K = 1 and K > 1 agree bit for bit).
    Above SEQUENTIAL_MAX entries per problem (a user's dataset) the products go through np.matmul instead, which
    allocates no n×d temporary per step (and agrees across stacks to rounding only).
    """

    SEQUENTIAL_MAX = 4096

    def __init__(self, problems):
        p0 = problems[0]
        if any(p.kind != p0.kind or getattr(p, "loss", None) != getattr(p0, "loss", None) for p in problems):
            raise ValueError("stacked problems must share kind and loss")
        self.kind, self.loss, self.problems, self.schedule = p0.kind, getattr(p0, "loss", None), problems, p0.schedule
        self.projection = getattr(p0, "projection", None)
        K, n, d = len(problems), max(p.n for p in problems), max(p.d for p in problems)
        if p0.kind == "crossEntropy" and any((p.K, p.d) != (p0.K, p0.d) for p in problems):
            raise ValueError("stacked crossEntropy problems must share K and d")
        self.A = np.zeros((K, n, d))
        self.y = np.zeros((K, n))
        # crossEntropy: a padded point x = 0 (label 0) adds (p_k − 1[k = 0])·0 = 0 to every gradient
        self.labels = np.zeros((K, n), dtype=np.int64)
        self.classes = getattr(p0, "K", None)
        for k, p in enumerate(problems):
            self.A[k, : p.n, : p.d] = p.A
            if p.kind == "leastSquares":
                self.y[k, : p.n] = p.y
            if p.kind == "crossEntropy":
                self.labels[k, : p.n] = p.labels
        self.scale = np.array([[p.scale] for p in problems])
        self.l2 = np.array([[p.l2] for p in problems]) if any(p.l2 for p in problems) else None
        self.dims = [p.dim if hasattr(p, "dim") else p.d for p in problems]

    def grad(self, W):
        """∇F_k(w_k) for every row k of W (K, d_max)."""
        if self.kind == "crossEntropy":
            R = W.shape[0]
            g = ce_grad(self.A, self.labels, W.reshape(R, self.classes, self.A.shape[2])).reshape(R, -1) * self.scale
            return g if self.l2 is None else g + self.l2 * W
        small = self.A.shape[1] * self.A.shape[2] <= self.SEQUENTIAL_MAX
        u = (self.A * W[:, None, :]).sum(axis=2) if small else np.matmul(self.A, W[:, :, None])[:, :, 0]
        if self.kind == "leastSquares":
            c = u - self.y
        elif self.loss == "exponential":
            c = -np.exp(-u)
        else:
            c = -np.exp(-np.logaddexp(0.0, u))
        g = ((c[:, :, None] * self.A).sum(axis=1) if small else np.matmul(c[:, None, :], self.A)[:, 0, :]) * self.scale
        return g if self.l2 is None else g + self.l2 * W

    def w0(self, w0s):
        W = np.zeros((len(w0s), max(self.dims)))
        for k, w in enumerate(w0s):
            W[k, : len(w)] = w
        return W


def ce_grad(X, labels, W):
    """Σ_i ∇ −log softmax(W_r x_i)_{y_i} for each run r: X (R, n, d), labels (R, n), W (R, K, d) -> (R, K, d).

    As the harness's crossEntropyObjective computes it, operation for operation: u_k = Σ_j W_kj x_j in index order,
    shifted by the largest score; rest = Σ_{k≠y} e^{u_k − top} in class order; the coefficient of class k is
    e^{u_k − top}/(rest + e^{u_y − top}), of the true class −rest/(rest + e^{u_y − top}); the sum over points in
    point order. Only exp may differ from JavaScript's Math.exp by rounding.
    """
    R, n, d = X.shape
    K = W.shape[1]
    u = W[:, None, :, 0] * X[:, :, None, 0]  # (R, n, K)
    for j in range(1, d):
        u = u + W[:, None, :, j] * X[:, :, None, j]
    e = np.exp(u - u.max(axis=2, keepdims=True))
    true = np.arange(K)[None, None, :] == labels[:, :, None]
    rest = np.zeros((R, n))
    for k in range(K):
        rest = rest + np.where(true[:, :, k], 0.0, e[:, :, k])
    total = rest + np.take_along_axis(e, labels[:, :, None], axis=2)[:, :, 0]
    c = np.where(true, -rest[:, :, None], e) / total[:, :, None]
    return (c[:, :, :, None] * X[:, :, None, :]).sum(axis=1)


def scheduled(problem, t, prev, w):
    """w_{t+1} = w_t + η(t+1)^{−a}(w' − w_t) after the t-th step (t from 0) under the run's schedule, else w'."""
    s = problem.schedule
    return w if not s else prev + (float(s["eta"]) * (t + 1) ** -float(s["power"])) * (w - prev)


def projected(problem, W):
    """W·min(1, r/‖W_k‖) per row after a step when the run has a projection (radius r), else W — as the harness's
    withProjection: ‖w‖ = √(Σ_k w_k²) summed in index order (a column loop, not a reduction, for the same bits;
    a padded coordinate adds an exact 0), rows inside the ball multiplied by exactly 1."""
    r = getattr(problem, "projection", None)
    if not r:
        return W
    sq = W[..., 0] * W[..., 0]
    for k in range(1, W.shape[-1]):
        sq = sq + W[..., k] * W[..., k]
    norm = np.sqrt(sq)
    return W * np.where(norm > r, r / np.maximum(norm, r), 1.0)[..., None]


def _group_key(run):
    """Runs stack when role, hyperparameter keys (and non-numeric values), problem kind/loss, schedule, projection
    and checkpoints agree."""
    role, hyper, problem, _, cps = run
    fixed = sorted((k, v) for k, v in hyper.items() if not isinstance(v, (int, float)) or isinstance(v, bool))
    extra = [problem.schedule, getattr(problem, "projection", None), getattr(problem, "K", None)]
    if problem.kind == "crossEntropy":  # W's shape K×d must agree: no padded classes or coordinates
        extra.append(problem.d)
    return json.dumps([role, sorted(hyper), fixed, problem.kind, getattr(problem, "loss", None), *extra, list(cps)])


def stacked_run(roles, group):
    """One elementwise optimizer over the (K, d_max) stack of a group's runs; hyperparameters as (K, 1) columns."""
    role, cps = group[0][0], group[0][4]
    stacked = Stacked([g[2] for g in group])
    hyper = {}
    for k in group[0][1]:
        vals = [g[1][k] for g in group]
        same = all(v == vals[0] for v in vals)
        hyper[k] = vals[0] if same or not isinstance(vals[0], (int, float)) else np.array([[float(v)] for v in vals])
    opt = roles[role](hyper, stacked.w0([g[3] for g in group]))
    wss, t = [[] for _ in group], 0
    for c in cps:
        while t < c:
            prev = np.array(opt.w, dtype=np.float64)
            opt.step(stacked.grad(prev), None)
            if stacked.schedule:
                opt.w = scheduled(stacked, t, prev, np.asarray(opt.w, dtype=np.float64))
            if stacked.projection:
                opt.w = projected(stacked, np.asarray(opt.w, dtype=np.float64))
            t += 1
        W = np.asarray(opt.w, dtype=np.float64)
        for k, d in enumerate(stacked.dims):
            wss[k].append(W[k, :d].tolist())
    return wss
