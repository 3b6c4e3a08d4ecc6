// Preloaded into a benchmarked CLI run: reports its peak resident memory and CPU time on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nBENCH_MAX_RSS_KB=${usage.maxRSS} BENCH_CPU_MS=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`,
  );
});
