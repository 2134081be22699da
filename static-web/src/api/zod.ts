import { z } from "zod/mini";

// The portal runs under `script-src 'self'` without 'unsafe-eval'. Zod's JIT probes `new Function`,
// which the browser reports as a CSP violation even though zod catches the error; jitless avoids
// the probe. This must run before any schema is built, so API modules import `z` from here.
z.config({ jitless: true });

export { z };
