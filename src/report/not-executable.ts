/** Statements of the lectures that no finite run can check (CLAIMS.md, last section), with the reason. */
export const NOT_EXECUTABLE: { statement: string; source: string; reason: string }[] = [
  {
    statement: 'Schapire–Freund–Bartlett–Lee margin bound, Bartlett–Foster–Telgarsky spectral bound, VC bounds (Bartlett–Harvey–Liaw–Mehrabian)',
    source: 'seed 002 (Telgarsky, DLT 3-4)',
    reason: 'the O(·) constants are not given, so no finite check can refute them; the bound\'s terms (e.g. spectral complexity) can only be reported as measurements',
  },
  {
    statement: 'the table of over-parameterization scalings (Ω̃(n²) …)',
    source: 'seed 001 (lecture 11)',
    reason: 'statements about proof techniques, not about runs',
  },
  {
    statement: 'Vardi–Shamir: it is impossible to characterize implicit regularization by any explicit function',
    source: 'seed 002 (Telgarsky, DLT 3-4)',
    reason: 'a non-existence claim over all functions',
  },
  {
    statement: 'empirical statements about CIFAR/ImageNet networks (ResNet, VGG figures)',
    source: 'seeds 001 and 002',
    reason: 'out of this machine\'s reach (2 cores, no downloads); small synthetic analogues stand in for them in sections D and E',
  },
];
