// The middle value of a benchmark's rounds: one slow or fast spell of the machine does not move it.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
