// Bootstrap of the allocation probe child: loads the TypeScript probe through tsx's in-thread CommonJS hook.
// (tsx's ESM loader runs on a hooks thread whose messages land in the probe's heap at load-dependent moments.)
require('tsx/cjs/api').require('./allocation-probe.ts', __filename);
