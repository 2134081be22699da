/**
 * `npm run bench`: figures as ratios measured side by side in one run, because these
 * machines are shared and noisy. Runs on the compiled code in dist/ (Node strips the types
 * of this file).
 */
import { localHostOverhead } from "./local-host.bench.ts";
import { ltiLaunchRatio } from "./lti-launch.bench.ts";

const results = [await localHostOverhead(), await ltiLaunchRatio()];
for (const result of results) console.log(result);
