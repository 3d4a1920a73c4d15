// INFO commandstats parsing shared by bench.mjs and worker.mjs.
export function commandStats(info) {
  const out = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

// Commands between two INFO commandstats readings, the readings' own INFO excluded.
export function commandsBetween(before, after) {
  let n = 0;
  for (const [k, v] of Object.entries(after)) {
    if (k !== 'info') n += v - (before[k] ?? 0);
  }
  return n;
}
