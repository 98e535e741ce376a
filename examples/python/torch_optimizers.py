#!/usr/bin/env python3
"""torch.optim in float64 — SGD, momentum, Nesterov, Adagrad, RMSprop, Adam — checked by the implicit-bias claims.

    CLAIMS_PYTHON=/usr/bin/python3 npx claims check --impl examples/python/torch_optimizers.py --profile smoke

Needs an interpreter with torch (Debian's python3-torch installs it for /usr/bin/python3, which may not be the
python3 first on PATH: CLAIMS_PYTHON picks the interpreter; docs/protocol.md).

Per step (protocol version 1, and the update-rule claims, which compare every step with the textbook rule), the
harness's gradient is put in p.grad and the torch optimizer steps. For whole runs (version 2) the problem comes once
and only the iterates at the checkpoints go back; several runs in one message ("runs") are stacked as the rows of
one (K, d_max) parameter (points and coordinates padded with zeros, which add exact zeros to each row's gradient),
so one optimizer step advances all K runs: every torch optimizer here is elementwise, so each row gets exactly its
own run's update. Runs stack when role, hyperparameters and checkpoints agree — except η for SGD, momentum and
Nesterov, which are linear in the gradient: a stack of different η steps with lr = 1 on each row's gradient times
its η. The gradient is closed-form torch tensor arithmetic (ℓ'(⟨z_i, w⟩) z_i summed per row, ~3× faster than
autograd per step); `--autograd` takes it from torch.autograd on the sum of the K runs' objectives instead.
Weight decay (the problem's "l2", a control's) is added to the gradient as λw, as the harness's withWeightDecay does;
a run's step schedule ("schedule") scales each optimizer step afterwards, as its withStepSchedule does, and its
projection ("projection": a radius) follows, as its withProjection does.

Mappings (docs/protocol.md, "Known differences"): RMSprop's `decay` is torch's `alpha` (passed explicitly: torch's
default is 0.99, the role's 0.9); torch keeps Nesterov's look-ahead point as its parameter; and torch refuses
nesterov=True with momentum 0, which a claim may ask for (ls-span-methods-find-min-norm: momentum
(√κ−1)/(√κ+1) = 0 when κ = 1, e.g. n = 1) — Nesterov with β = 0 *is* gradient descent, the run then exercises no
momentum at all, so it is mapped to plain SGD.
"""
import json
import sys

import numpy as np
import torch

from claims_protocol import Stacked, projected, scheduled, serve

torch.set_default_dtype(torch.float64)
AUTOGRAD = "--autograd" in sys.argv[1:]
ROLES = ["gd", "sgd", "heavyBall", "nesterov", "adagrad", "rmsprop", "adam"]


def make_optimizer(role, hyper, params):
    lr, h = float(hyper["eta"]), lambda k, d: float(hyper.get(k, d))
    if role in ("gd", "sgd"):
        return torch.optim.SGD(params, lr=lr)
    if role == "heavyBall":
        return torch.optim.SGD(params, lr=lr, momentum=h("momentum", 0.9))
    if role == "nesterov":
        m = h("momentum", 0.9)
        return torch.optim.SGD(params, lr=lr, momentum=m, nesterov=True) if m > 0 else torch.optim.SGD(params, lr=lr)
    if role == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=h("eps", 1e-10), initial_accumulator_value=h("initialAccumulator", 0.0))
    if role == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=h("decay", 0.9), eps=h("eps", 1e-8))
    if role == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(h("beta1", 0.9), h("beta2", 0.999)), eps=h("eps", 1e-8))
    raise KeyError(role)


class Batches:
    """The sgd role's minibatches: a fresh permutation of 0..n−1 each epoch, cut into batches of `batchSize`; with
    `replacement`, `batchSize` indices drawn uniformly (repeats possible). Seeded by `seed` (numpy's generator, not
    the harness's: the draws differ from the reference's, the distribution is the same)."""

    def __init__(self, hyper, n):
        self.rng, self.b, self.n, self.queue = np.random.RandomState(int(hyper.get("seed", 0))), int(hyper.get("batchSize", 1)), n, []
        self.replacement = bool(hyper.get("replacement", False))

    def next(self):
        if self.replacement:
            return self.rng.randint(0, self.n, size=self.b)
        if not self.queue:
            perm = self.rng.permutation(self.n)
            self.queue = [perm[i : i + self.b] for i in range(0, self.n, self.b)]
        return self.queue.pop(0)


class PerStep:
    """Version 1: one torch step per harness gradient (the sgd role asks for its minibatch gradient)."""

    def __init__(self, role, hyper, w0):
        self.p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        self.opt, self.role, self.hyper, self.batches = make_optimizer(role, hyper, [self.p]), role, hyper, None

    @property
    def w(self):
        return self.p.detach().numpy()

    def step(self, g, grad):
        if self.role == "sgd":
            self.batches = self.batches or Batches(self.hyper, grad.n)
            _, g = grad.batch(self.w, self.batches.next())
        self.p.grad = torch.from_numpy(np.array(g, dtype=np.float64))
        self.opt.step()


def run_one(role, hyper, problem, w0, checkpoints):
    """One whole run, the gradient by autograd (the sgd role, whose minibatches differ per run)."""
    A = torch.from_numpy(problem.A)
    y = torch.from_numpy(problem.y) if problem.kind == "leastSquares" else None
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(role, hyper, [p])
    batches = Batches(hyper, problem.n) if role == "sgd" else None

    labels = torch.from_numpy(problem.labels) if problem.kind == "crossEntropy" else None

    def objective():
        idx = batches.next() if batches else None
        rows = A if idx is None else A[idx]
        if problem.kind == "crossEntropy":
            u = rows @ p.view(problem.K, problem.d).T
            terms = ce_terms(u, labels if idx is None else labels[idx])
            f = terms.sum() * (problem.scale * problem.n / len(rows))
            return f + 0.5 * problem.l2 * (p * p).sum() if problem.l2 else f
        u = rows @ p
        if problem.kind == "leastSquares":
            terms = 0.5 * (u - (y if idx is None else y[idx])) ** 2
        elif problem.loss == "exponential":
            terms = torch.exp(-u)
        else:
            terms = torch.logaddexp(torch.zeros_like(u), -u)  # log(1 + e^{−u}) without overflow
        f = terms.sum() * (problem.scale * problem.n / len(rows))
        return f + 0.5 * problem.l2 * (p * p).sum() if problem.l2 else f

    ws, t = [], 0
    for c in checkpoints:
        while t < c:
            prev = p.detach().clone() if problem.schedule else None
            opt.zero_grad(set_to_none=True)
            objective().backward()
            opt.step()
            if prev is not None:  # the run's step schedule
                with torch.no_grad():
                    p.copy_(scheduled(problem, t, prev, p.detach()))
            if problem.projection:
                with torch.no_grad():
                    p.copy_(torch_projected(problem, p.detach()))
            t += 1
        ws.append(p.detach().numpy().tolist())
    return ws


def ce_terms(u, labels):
    """−log softmax(u)_y per row of scores u (…, K) = log(1 + Σ_{k≠y} e^{u_k − u_y}), as a logsumexp over
    [0, u_k − u_y (k ≠ y)]: its autograd gives the true class −Σ_{k≠y} p_k, not p_y − 1 (which rounds to 0 once
    p_y ≈ 1, long before the loss does — the regime of the implicit-bias claims)."""
    lab = labels.unsqueeze(-1)
    v = (u - u.gather(-1, lab)).masked_fill(torch.arange(u.shape[-1]) == lab, float("-inf"))
    return torch.logsumexp(torch.cat([torch.zeros_like(v[..., :1]), v], -1), -1)


LINEAR = ("gd", "heavyBall", "nesterov")  # updates linear in the gradient: a row's η may scale its gradient


def stack_key(run):
    role, hyper, problem, _, cps = run
    h = {k: v for k, v in hyper.items() if not (role in LINEAR and k == "eta")}
    extra = [problem.schedule, problem.projection]
    return json.dumps([role, sorted(hyper), sorted(h.items()), problem.kind, getattr(problem, "loss", None), *extra, list(cps)])


def runs(todo):
    """Version 2, several runs [(role, hyper, problem, w0, checkpoints)] -> [ws or an exception]."""
    out, groups = [None] * len(todo), {}
    for i, r in enumerate(todo):
        groups.setdefault(stack_key(r) if r[0] != "sgd" else i, []).append(i)
    for idx in groups.values():
        try:
            wss = stacked_run([todo[i] for i in idx]) if todo[idx[0]][0] != "sgd" else [run_one(*todo[idx[0]])]
            for i, ws in zip(idx, wss):
                out[i] = ws
        except Exception as e:  # noqa: BLE001 - reported per run
            for i in idx:
                out[i] = e
    return out


def stacked_run(group):
    role, hyper, _, _, cps = group[0]
    st = Stacked([g[2] for g in group])
    A, y = torch.from_numpy(st.A), torch.from_numpy(st.y)
    P = torch.from_numpy(st.w0([g[3] for g in group])).requires_grad_(AUTOGRAD)
    etas = [float(g[1]["eta"]) for g in group]
    rowlr = role in LINEAR and any(e != etas[0] for e in etas)
    opt = make_optimizer(role, dict(hyper, eta=1.0) if rowlr else hyper, [P])
    eta = torch.tensor(etas).unsqueeze(1) if rowlr else torch.ones(len(group), 1)
    # ∇F_k = s_k·Σ_i c_i a_i (+ λ_k w_k): margin c_i = ℓ'(u_i) = −e^{−u_i} or −σ(−u_i), least squares c_i = u_i − y_i;
    # the sign, s_k and (for a stack of different η) η_k fold into one factor per row
    sign = 1.0 if st.kind == "leastSquares" else -1.0
    factor = torch.from_numpy(st.scale) * eta * sign
    decay = torch.from_numpy(st.l2) * eta if st.l2 is not None else None
    pad = torch.tensor([[k >= d for k in range(P.shape[1])] for d in st.dims]) if min(st.dims) < P.shape[1] else None

    labels = torch.from_numpy(st.labels)
    R, shape = len(group), (len(group), st.classes or 1, A.shape[2])

    def terms(u):
        if st.kind == "crossEntropy":  # u (R, n, K)
            return ce_terms(u, labels)
        if st.kind == "leastSquares":
            return 0.5 * (u - y) ** 2
        return torch.exp(-u) if st.loss == "exponential" else torch.logaddexp(torch.zeros_like(u), -u)

    def gradient():
        if AUTOGRAD:  # the sum of the K runs' objectives: row k's gradient is its own run's
            P.grad = None
            u = torch.bmm(A, P.view(shape).transpose(1, 2)) if st.kind == "crossEntropy" else (A * P[:, None, :]).sum(2)
            F = terms(u).sum(1, keepdim=True) * torch.from_numpy(st.scale)
            if decay is not None:
                F = F + 0.5 * torch.from_numpy(st.l2) * (P * P).sum(1, keepdim=True)
            F.sum().backward()
            return P.grad * eta
        with torch.no_grad():
            if st.kind == "crossEntropy":  # Σ_i c_i x_iᵀ per run, c as claims_stack.ce_grad (true class −rest/total)
                u = torch.bmm(A, P.view(shape).transpose(1, 2))
                e = torch.exp(u - u.amax(2, keepdim=True))
                true = torch.arange(shape[1])[None, None, :] == labels[:, :, None]
                rest = e.masked_fill(true, 0.0).sum(2, keepdim=True)
                c = torch.where(true, -rest, e) / (rest + e.gather(2, labels.unsqueeze(2)))
                g = torch.bmm(c.transpose(1, 2), A).reshape(R, -1).mul_(torch.from_numpy(st.scale) * eta)
                return g if decay is None else g.addcmul_(P, decay)
            u = torch.bmm(A, P.unsqueeze(2)).squeeze(2)
            c = u - y if st.kind == "leastSquares" else torch.exp(-u) if st.loss == "exponential" else torch.sigmoid(-u)
            g = torch.bmm(c.unsqueeze(1), A).squeeze(1).mul_(factor)
            return g if decay is None else g.addcmul_(P, decay)

    wss, t = [[] for _ in group], 0
    for c in cps:
        while t < c:
            prev = P.detach().clone() if st.schedule else None
            P.grad = gradient()
            opt.step()
            if prev is not None:  # the run's step schedule: w_t + η(t+1)^{−a}(w' − w_t)
                with torch.no_grad():
                    P.copy_(scheduled(st, t, prev, P.detach()))
            if st.projection:  # onto the ball of radius r, as the harness's withProjection
                with torch.no_grad():
                    P.copy_(torch_projected(st, P.detach()))
            if pad is not None:  # a padded coordinate (gradient 0) stays 0, also where ε = 0 would make it 0/0
                with torch.no_grad():
                    P.masked_fill_(pad, 0.0)
            t += 1
        W = P.detach().numpy()
        for k, d in enumerate(st.dims):
            wss[k].append(W[k, :d].tolist())
    return wss


def torch_projected(problem, W):
    """claims_stack.projected on a tensor: ‖w‖² summed column by column in index order, W·r/‖w‖ outside the ball."""
    r = problem.projection
    sq = W[..., 0] * W[..., 0]
    for k in range(1, W.shape[-1]):
        sq = sq + W[..., k] * W[..., k]
    norm = torch.sqrt(sq)
    # torch.full_like(norm, r) / norm, not r / norm: torch computes a scalar over a tensor as r · (1/norm)
    return W * torch.where(norm > r, torch.full_like(norm, r) / torch.clamp(norm, min=r), torch.ones_like(norm)).unsqueeze(-1)


def run(role, hyper, problem, w0, checkpoints):
    """Version 2, one run: a stack of one, so that "run" and "runs" take the same path."""
    ws = runs([(role, hyper, problem, w0, checkpoints)])[0]
    if isinstance(ws, Exception):
        raise ws
    return ws


if __name__ == "__main__":
    name = f"torch {torch.__version__} optim, float64{', autograd' if AUTOGRAD else ''} (examples/python)"
    serve(name, {r: (lambda r: lambda hyper, w0: PerStep(r, hyper, w0))(r) for r in ROLES}, run=run, runs=runs, extensions=["l2", "schedule", "projection", "crossEntropy"])
