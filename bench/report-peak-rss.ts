// Preloaded into benchmark child processes: reports peak resident memory (all of it, DuckDB's buffer
// pool included) and peak JS heap (what the pipeline's own code holds) when the process exits.
let peakHeap = 0;
const sample = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
setInterval(sample, 100).unref();
process.on('exit', () => {
  sample();
  process.stderr.write(`peak-rss-kib=${process.resourceUsage().maxRSS} peak-heap-kib=${Math.round(peakHeap / 1024)}\n`);
});
