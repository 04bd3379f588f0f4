// A worker thread of RowPreparers: prepares load batches (tokens and sealing) off the
// thread that answers data calls. It gets the exchange's config once, as workerData.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExchangeConfig } from '../exchange.options.js';
import { ResourceTokens } from './resource-tokens.js';
import { prepareRows, type PreparationInput } from './row-preparation.js';

const config = workerData as ExchangeConfig;
const tokens = new ResourceTokens(config);

parentPort!.on('message', ({ id, input }: { id: number; input: PreparationInput }) => {
  try {
    const result = prepareRows(input, tokens, config);
    // The document's buffer is its own (TextEncoder never pools), so it can be moved, not copied.
    parentPort!.postMessage({ id, result }, [result.document.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
