/**
 * Sends the rows of an uploaded file to a service in batches, a few at a time, and adds up
 * the answers: a NATS message holds at most a megabyte, a file may hold millions of rows.
 */
export async function sendInBatches<Row>(
  rows: Row[],
  batchSize: number,
  inFlight: number,
  send: (batch: Row[]) => Promise<{ accepted: number; rejected: { line: number; reason: string; code?: string }[] }>,
): Promise<{ accepted: number; rejected: { line: number; reason: string; code?: string }[] }> {
  let accepted = 0;
  const rejected: { line: number; reason: string; code?: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next * batchSize < rows.length) {
      const start = next++ * batchSize;
      const result = await send(rows.slice(start, start + batchSize));
      accepted += result.accepted;
      rejected.push(...result.rejected);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, Math.ceil(rows.length / batchSize)) }, worker));
  rejected.sort((a, b) => a.line - b.line);
  return { accepted, rejected };
}
