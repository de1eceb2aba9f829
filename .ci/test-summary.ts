// Prints vitest's JSON results as the closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: test-summary.ts <vitest json results>');
const results = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number };
const skipped = results.numPendingTests;
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (results.numFailedTests > 0 || results.numTotalTests === 0) process.exitCode = 1;
