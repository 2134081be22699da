import { z } from "zod/mini";

// The portal runs under `script-src 'self'` without 'unsafe-eval'. Classic zod objects (as in
// schemas shared with the backend) probe `new Function` to compile fast parsers, and the browser
// reports that probe as a CSP violation even though zod catches the error. jitless skips it; it
// must be set before any schema is built, so API modules import `z` from here.
z.config({ jitless: true });

export { z };
