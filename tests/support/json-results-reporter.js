import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes jest's aggregated results as JSON, so `.ci/run` can print "N passed, N failed". */
export default class JsonResultsReporter {
  constructor(globalConfig, options = {}) {
    this.outputFile = options.outputFile ?? "test-results/jest-results.json";
  }

  onRunComplete(_contexts, results) {
    mkdirSync(dirname(this.outputFile), { recursive: true });
    const { numPassedTests, numFailedTests, numPendingTests, numTotalTests, numRuntimeErrorTestSuites, success } = results;
    writeFileSync(
      this.outputFile,
      JSON.stringify({ numPassedTests, numFailedTests, numPendingTests, numTotalTests, numRuntimeErrorTestSuites, success }, null, 2),
    );
  }
}
