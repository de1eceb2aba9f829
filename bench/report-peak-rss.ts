// Preloaded into benchmark child processes: reports the process's peak resident memory on exit.
process.on('exit', () => {
  process.stderr.write(`peak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
