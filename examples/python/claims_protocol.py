"""The JSON-lines protocol of docs/protocol.md, done once: framing, hello, errors, versions 1 and 2.

Wrapping an optimizer is a class per role and one call:

    import numpy as np
    from claims_protocol import serve

    class GD:
        def __init__(self, hyper, w0):
            self.eta = hyper["eta"]
            self.w = np.array(w0, dtype=np.float64)

        def step(self, g, grad):            # g = ∇F(w_t); grad.at(x) / grad.batch(x, idx) give more if needed
            self.w -= self.eta * g

    serve("my gd", {"gd": GD})

An optimizer object has `w` (the iterate, a float64 numpy array or anything `np.asarray` reads) and
`step(g, grad)`, one update in place. `grad.at(x)` returns (F(x), ∇F(x)) at another point (a look-ahead),
`grad.batch(x, idx)` the minibatch estimate (n/len)·s·Σ_{i∈idx} ∇f_i(x) (both as numpy arrays); `grad.n` is the
number of examples. `grad.examples` is the (n, d) matrix of z_i = y_i x_i when the objective is a margin risk (the
perceptron and AdaBoost act on it), else None. An optimizer whose class says `log_domain = True` (normalized GD)
also gets `grad.log` = (log F(w_t), ∇log F(w_t)), finite where F underflows; None when the objective has none.
`grad.value` is F(w_t).

Version 1 (per step): the harness sends ∇F(w_t) and gets w_{t+1}; `grad.at` / `grad.batch` ask it.
Version 2 (batched): for a claim that does not need every step, the harness sends the problem once ("run": the
data, the loss, the hyperparameters, the checkpoints) and gets the iterates at the checkpoints. `serve` then runs
the same optimizer objects with the gradient computed here in numpy (`Problem`) — no message per step. Pass
`run=` to do the whole run yourself (e.g. with autograd, examples/python/torch_optimizers.py).

Several runs per message ("runs", version 2 with `"runs": K` in the hello): the harness sends up to K problems
at once and gets their iterates back in one reply. `serve` stacks runs of the same role, hyperparameter keys and
checkpoints into one (K, d) iterate when the optimizer class says it is elementwise (`elementwise = True`: its
hyperparameters may then be (K, 1) columns, its w a (K, d) matrix; examples/python/optimizers.py), so one numpy
step advances all K runs; other optimizers run one after the other. Pass `runs=` to do it yourself
(examples/python/torch_optimizers.py stacks torch tensors).

Nothing but protocol lines may go to stdout: log to stderr.
"""
import json
import sys

import numpy as np

from claims_stack import Stacked, _group_key, ce_grad, projected, scheduled, stacked_run  # noqa: F401 - re-exported

V1 = "implicit-bias-claims/1"
V2 = "implicit-bias-claims/2"
# the most runs the harness may send in one "runs" message (each run's data and iterates are in the reply)
MAX_RUNS = 64


class Problem:
    """A v2 problem: F(w) = s·Σ_i f_i(w) (+ (λ/2)‖w‖² with "l2": λ, weight decay), s = 1 or 1/n ("mean").

    margin:       f_i(w) = ℓ(⟨z_i, w⟩), ℓ = logistic log(1 + e^{−u}) or exponential e^{−u}, z_i = y_i x_i;
    leastSquares: f_i(w) = ½(⟨x_i, w⟩ − y_i)².
    """

    def __init__(self, spec, schedule=None, projection=None):
        # a run's step schedule ({"eta": η, "power": a}, docs/protocol.md): each step Δ_t scaled by η(t+1)^{−a};
        # its projection (a radius r): after each step (and schedule), w ← w·min(1, r/‖w‖)
        self.schedule = schedule
        self.projection = float(projection) if projection is not None else None
        self.kind = spec["kind"]
        self.n, self.d = int(spec["n"]), int(spec["d"])
        self.scale = 1.0 / self.n if spec.get("mean") else 1.0
        self.l2 = float(spec.get("l2", 0.0))
        if self.kind == "margin":
            self.loss = spec["loss"]
            if self.loss not in ("logistic", "exponential"):
                raise ValueError(f"unknown loss {self.loss!r}")
            self.A = np.array(spec["Z"], dtype=np.float64).reshape(self.n, self.d)
        elif self.kind == "leastSquares":
            self.A = np.array(spec["X"], dtype=np.float64).reshape(self.n, self.d)
            self.y = np.array(spec["y"], dtype=np.float64)
        elif self.kind == "crossEntropy":  # w = W (K×d, row-major): f_i = −log softmax(W x_i)_{labels[i]}
            self.K = int(spec["K"])
            self.A = np.array(spec["X"], dtype=np.float64).reshape(self.n, self.d)
            self.labels = np.array(spec["labels"], dtype=np.int64)
            if self.labels.shape != (self.n,) or (self.labels < 0).any() or (self.labels >= self.K).any():
                raise ValueError(f"crossEntropy labels must be n = {self.n} integers in 0..{self.K - 1}")
        else:
            raise ValueError(f"unknown problem kind {self.kind!r}")

    def _terms(self, A, y, w):
        """(Σ f_i, the coefficients c_i with Σ ∇f_i = Σ c_i a_i) over the rows A."""
        u = A @ w
        if self.kind == "leastSquares":
            r = u - y
            return 0.5 * float(r @ r), r
        if self.loss == "exponential":
            e = np.exp(-u)
            return float(e.sum()), -e
        # logistic, stable for large |u|: ℓ(u) = log(1 + e^{−u}), ℓ'(u) = −1/(1 + e^{u})
        return float(np.logaddexp(0.0, -u).sum()), -np.exp(-np.logaddexp(0.0, u))

    @property
    def dim(self):
        """The iterate's length: d, or K·d for crossEntropy."""
        return self.K * self.d if self.kind == "crossEntropy" else self.d

    def value_and_grad(self, w):
        if self.kind == "crossEntropy":  # the stacked gradient (claims_stack.ce_grad), a stack of one
            w = np.asarray(w, dtype=np.float64)
            g = ce_grad(self.A[None], self.labels[None], w.reshape(1, self.K, self.d))[0].reshape(-1) * self.scale
            return self._decay(w, float("nan"), g)
        f, c = self._terms(self.A, getattr(self, "y", None), w)
        return self._decay(w, f * self.scale, (c @ self.A) * self.scale)

    def _decay(self, w, f, g):
        # weight decay as the harness's withWeightDecay computes it: g + λw, f + (λ/2)‖w‖²
        return (f + 0.5 * self.l2 * float(w @ w), g + self.l2 * w) if self.l2 else (f, g)

    def batch_value_and_grad(self, w, idx):
        if self.kind == "crossEntropy":
            raise NotImplementedError("minibatch gradients of a crossEntropy problem (no claim asks for them)")
        idx = np.asarray(idx, dtype=np.int64)
        f, c = self._terms(self.A[idx], self.y[idx] if self.kind == "leastSquares" else None, w)
        k = self.scale * self.n / len(idx)
        return self._decay(w, f * k, (c @ self.A[idx]) * k)

    def log_value_and_grad(self, w):
        """(log F, ∇log F = ∇F/F) of a margin problem in the log domain, as the harness's logMarginRisk: a_i = log ℓ(u_i),
        the largest factored out, ∇log F = Σ_i (ℓ'/ℓ)(u_i) softmax(a)_i z_i. None for other problems (and with l2)."""
        if self.kind != "margin" or self.l2:
            return None
        u = self.A @ np.asarray(w, dtype=np.float64)
        if self.loss == "exponential":
            a, r = -u, -np.ones_like(u)
        else:  # log log(1 + e^{−u}) = −u + log1p(−e^{−u}/2 …) beyond u = 36; ℓ'/ℓ → −1 where ℓ underflows
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                v = np.logaddexp(0.0, -u)
                a = np.where(u > 36, -u + np.log1p(-0.5 * np.exp(-np.minimum(u, 700))), np.log(v))
                r = np.where((v > 0) & np.isfinite(v), -np.exp(-np.logaddexp(0.0, u)) / v, -1.0)
        m = float(np.max(a))
        e = np.exp(a - m)
        total = float(e.sum())
        return m + np.log(total) + np.log(self.scale), ((r * e) @ self.A) / total


class _LocalGrad:
    def __init__(self, problem):
        self.p, self.n = problem, problem.n
        self.examples = problem.A if problem.kind == "margin" else None
        self.log = self.value = None

    def at(self, x):
        return self.p.value_and_grad(np.asarray(x, dtype=np.float64))

    def batch(self, x, idx):
        return self.p.batch_value_and_grad(np.asarray(x, dtype=np.float64), idx)


class _RemoteGrad:
    """v1: a gradient away from w_t is asked of the harness (docs/protocol.md, "need")."""

    def __init__(self, channel, n, examples=None, log=None, value=None):
        self.ch, self.n, self.examples, self.log, self.value = channel, n, examples, log, value

    def _ask(self, request):
        reply = self.ch.ask(request)
        return reply["value"], np.array(reply["grad"], dtype=np.float64)

    def at(self, x):
        return self._ask({"need": "grad", "at": np.asarray(x, dtype=np.float64).tolist()})

    def batch(self, x, idx):
        return self._ask({"need": "gradBatch", "at": np.asarray(x, dtype=np.float64).tolist(), "batch": [int(i) for i in idx]})


class _Channel:
    def __init__(self, stdin, stdout):
        self.stdin, self.stdout = stdin, stdout

    def send(self, obj):
        self.stdout.write(json.dumps(obj) + "\n")
        self.stdout.flush()

    def receive(self):
        line = self.stdin.readline()
        return json.loads(line) if line else None

    def ask(self, request):
        self.send(request)
        reply = self.receive()
        if reply is None:
            raise EOFError("the harness closed the channel")
        return reply


def _float(v):
    """A JSON number; null (a non-finite number written by JavaScript) is NaN."""
    return float("nan") if v is None else float(v)


def _wlist(w):
    return np.asarray(w, dtype=np.float64).tolist()


def default_run(make, hyper, problem, w0, checkpoints):
    """Runs a per-step optimizer with the gradient computed here; returns the iterates at the checkpoints."""
    opt = make(hyper, w0)
    grad = _LocalGrad(problem)
    ws, t = [], 0
    for c in checkpoints:
        while t < c:
            prev = np.array(opt.w, dtype=np.float64)
            grad.value, g = problem.value_and_grad(prev)
            if getattr(opt, "log_domain", False):
                grad.log = problem.log_value_and_grad(prev)
            opt.step(g, grad)
            if problem.schedule:
                opt.w = scheduled(problem, t, prev, np.asarray(opt.w, dtype=np.float64))
            if problem.projection:
                opt.w = projected(problem, np.asarray(opt.w, dtype=np.float64))
            t += 1
        ws.append(_wlist(opt.w))
    return ws


def default_runs(roles, runs):
    """Several runs [(role, hyper, problem, w0, checkpoints)] -> [ws or an exception], elementwise ones stacked."""
    out = [None] * len(runs)
    groups = {}
    for i, r in enumerate(runs):
        elementwise = getattr(roles.get(r[0]), "elementwise", False)
        groups.setdefault(_group_key(r) if elementwise else i, []).append(i)
    for idx in groups.values():
        try:
            if len(idx) == 1 and not getattr(roles.get(runs[idx[0]][0]), "elementwise", False):
                role, hyper, problem, w0, cps = runs[idx[0]]
                out[idx[0]] = default_run(roles[role], hyper, problem, w0, cps)
                continue
            for i, ws in zip(idx, stacked_run(roles, [runs[i] for i in idx])):
                out[i] = ws
        except Exception as e:  # noqa: BLE001 - reported per run
            for i in idx:
                out[i] = e
    return out


def serve(name, roles, run=None, precision=None, stdin=sys.stdin, stdout=sys.stdout, runs=None, extensions=None):
    """Answers the harness until it closes stdin.

    roles: {role: factory(hyper, w0) -> optimizer with .w and .step(g, grad)} (docs/protocol.md lists the roles
    and their hyperparameters); run: optional run(role, hyper, problem, w0, checkpoints) -> [w at each
    checkpoint] for version 2, instead of default_run; runs: optional runs([(role, hyper, problem, w0,
    checkpoints)]) -> [ws or an Exception] for several runs in one message, instead of default_runs; precision:
    "float32" if the updates are computed in float32; extensions: the problem terms a custom run/runs handles
    (["l2"]: weight decay; "schedule": a run's step schedule, `scheduled`; "projection": a run's projection onto a
    ball, `projected`; "crossEntropy": multi-class problems, `ce_grad`) — by default all four when serve runs the
    optimizers itself (Problem, Stacked, default_run do), none with a custom run/runs.
    """
    if extensions is None:
        extensions = [] if run or runs else ["l2", "schedule", "projection", "crossEntropy"]
    ch = _Channel(stdin, stdout)
    live = {}
    while True:
        request = ch.receive()
        if request is None:
            return
        try:
            reply = _handle(request, ch, name, roles, (run, runs), (precision, extensions), live)
        except Exception as e:  # the harness reports it as a fault of the implementation ([threw])
            reply = {"error": f"{type(e).__name__}: {e}"}
        ch.send(reply)


def _handle(request, ch, name, roles, runners, declared, live):
    (run, runs), (precision, extensions) = runners, declared
    op = request.get("op")
    if op == "hello":
        # a harness that offers version 2 says so; an older one sends only version 1
        offered = request.get("versions", [request.get("protocol")])
        reply = {"protocol": V2 if V2 in offered else V1, "name": name, "roles": list(roles)}
        if V2 in offered:
            reply["runs"] = MAX_RUNS
            if extensions:
                reply["extensions"] = list(extensions)
        if precision:
            reply["precision"] = precision
        return reply
    if op == "init":
        opt = roles[request["role"]](request["hyper"], request["w0"])
        ex = request.get("examples")  # margin data z_i (point-major), for the roles that act on the examples
        Z = np.array(ex["Z"], dtype=np.float64).reshape(int(ex["n"]), int(ex["d"])) if ex else None
        live[request["opt"]] = (opt, request.get("n"), Z)
        return {"w": _wlist(opt.w)}
    if op == "update":
        opt, n, Z = live[request["opt"]]
        log = (_float(request["logValue"]), np.array(request["logGrad"], dtype=np.float64)) if "logGrad" in request else None
        opt.step(np.array(request["grad"], dtype=np.float64), _RemoteGrad(ch, n, Z, log, _float(request.get("value"))))
        return {"w": _wlist(opt.w)}
    if op == "run":
        problem = Problem(request["problem"], request.get("schedule"), request.get("projection"))
        role, hyper, w0, cps = request["role"], request["hyper"], request["w0"], request["checkpoints"]
        if role not in roles:
            raise KeyError(f"role {role!r} is not provided")
        if run:
            return {"ws": run(role, hyper, problem, w0, cps)}
        # an elementwise optimizer runs as a stack of one, so that "run" and "runs" give the same bits
        ws = default_runs(roles, [(role, hyper, problem, w0, cps)])[0]
        if isinstance(ws, Exception):
            raise ws
        return {"ws": ws}
    if op == "runs":
        todo = [(r["role"], r["hyper"], Problem(r["problem"], r.get("schedule"), r.get("projection")), r["w0"], r["checkpoints"]) for r in request["runs"]]
        for r in todo:
            if r[0] not in roles:
                raise KeyError(f"role {r[0]!r} is not provided")
        results = runs(todo) if runs else default_runs(roles, todo)
        return {"results": [{"error": f"{type(x).__name__}: {x}"} if isinstance(x, Exception) else {"ws": x} for x in results]}
    raise ValueError(f"unknown op {op!r}")
