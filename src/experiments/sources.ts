import type { ClaimSource } from '../harness/types.js';

/** The papers the claims cite, with links. */
export const PAPERS = {
  soudry2018: { name: 'Soudry, Hoffer, Nacson, Gunasekar, Srebro: The Implicit Bias of Gradient Descent on Separable Data (JMLR 2018)', url: 'https://arxiv.org/abs/1710.10345' },
  jiTelgarsky2019: { name: 'Ji, Telgarsky: The implicit bias of gradient descent on nonseparable data (COLT 2019)', url: 'https://arxiv.org/abs/1803.07300' },
  lyuLi2020: { name: 'Lyu, Li: Gradient Descent Maximizes the Margin of Homogeneous Neural Networks (ICLR 2020)', url: 'https://arxiv.org/abs/1906.05890' },
  hoffer2017: { name: 'Hoffer, Hubara, Soudry: Train longer, generalize better (NeurIPS 2017)', url: 'https://arxiv.org/abs/1705.08741' },
  wilson2017: { name: 'Wilson, Roelofs, Stern, Srebro, Recht: The Marginal Value of Adaptive Gradient Methods (NeurIPS 2017)', url: 'https://arxiv.org/abs/1705.08292' },
  gunasekar2018: { name: 'Gunasekar, Lee, Soudry, Srebro: Characterizing Implicit Bias in Terms of Optimization Geometry (ICML 2018)', url: 'https://arxiv.org/abs/1802.08246' },
  telgarskyDlt: { name: 'Telgarsky: Deep learning theory lecture notes (2021), the numbering seed 004 follows', url: 'https://mjt.cs.illinois.edu/dlt/' },
  jiTelgarsky2020Polylog: { name: 'Ji, Telgarsky: Polylogarithmic width suffices for gradient descent to achieve arbitrarily small test error with shallow ReLU networks (ICLR 2020)', url: 'https://arxiv.org/abs/1909.12292' },
} as const;

/** Seed 000: MLRG talk on Soudry et al. */
export const SEED_000 = {
  seed: '000_0251b693439ede5e.txt',
  lecture: 'MLRG: The case of separable binary classification with linear models',
} as const;

/** Seed 001: lecture 11, "The success of Deep Learning: Is it all about SGD?" */
export const SEED_001 = {
  seed: '001_5b206ca4ce00fee8.txt',
  lecture: 'Lecture 11: The success of Deep Learning: Is it all about SGD?',
} as const;

/** Seed 002: Telgarsky, DLT 3-4. */
export const SEED_002 = {
  seed: '002_7db82fd5e297b01e.txt',
  lecture: 'Telgarsky DLT 3-4: a highly biased margin perspective',
} as const;

/** Seed 004: lecture 15, "ReLU net optimization & Implicit bias - 2". */
export const SEED_004 = {
  seed: '004_e25bdf912d549e96.txt',
  lecture: 'Lecture 15: ReLU net optimization & Implicit bias - 2',
} as const;

/** Soudry et al. 2018, Theorem 3, as on seed 000's "Main results" slide. */
export function soudryMainResults(theorem = 'Theorem 3'): ClaimSource {
  return { ...SEED_000, slide: 'Main results', paper: PAPERS.soudry2018.name, theorem, links: [PAPERS.soudry2018] };
}

/** Seed 004 (lecture 15) on a given slide, with the theorem and the papers behind it. */
export function seed004(slide: string, theorem?: string, papers: (keyof typeof PAPERS)[] = ['telgarskyDlt']): ClaimSource {
  return { ...SEED_004, slide, theorem, paper: papers.map((k) => PAPERS[k].name).join('; '), links: papers.map((k) => PAPERS[k]) };
}

/** Soudry et al. 2018 on degenerate data (a support vector with α = 0): the residual is only O(log log t). */
export function soudryDegenerate(): ClaimSource {
  return { ...SEED_000, slide: 'Main results', paper: PAPERS.soudry2018.name, theorem: 'Theorem 3 holds for almost all datasets; degenerate data (Sec. 4 / Appendix) give ‖ρ(t)‖ = O(log log t)', links: [PAPERS.soudry2018] };
}
