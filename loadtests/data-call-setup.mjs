// What a data-call load test needs on a platform, made through its public API: a published
// population catalog, its generated rows (the ID numbers `data-call.k6.js` and
// `bench:data-call` ask for), and a docking entry that lets the consumer app call it. Used
// by the bench and by `prepare-data-call.mjs` against any deployment; safe to run again.
import { populationCatalog, populationFile } from './population.mjs';

/** The fields the load tests read and verify, all approved for the consumer. */
const dataCallFields = ['id_number', 'full_name', 'gender', 'birth_date', 'household_address'];

/**
 * `apiBase` is the gateway's `/api/v1` URL; `provider` and `consumer` are the headers
 * (bearer tokens) of the catalog's department app and of the app the load test runs as.
 * Returns the rows accepted and the load's seconds.
 */
export async function prepareDataCalls({ apiBase, provider, consumer, catalogCode, rows, rowsPerRequest = rows, log }) {
  const post = async (path, body, headers, acceptable = []) => {
    const response = await fetch(`${apiBase}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok && !acceptable.includes(answer.code)) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  await post('/exchange/catalogs', populationCatalog(catalogCode), provider, ['EXCHANGE.CATALOG_EXISTS']);
  await post(`/exchange/catalogs/${catalogCode}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, provider, ['EXCHANGE.ALREADY_PUBLISHED']);

  log(`loading ${rows} rows into ${catalogCode}`);
  const started = Date.now();
  let accepted = 0;
  for (let first = 0; first < rows; first += rowsPerRequest) {
    const count = Math.min(rowsPerRequest, rows - first);
    const response = await fetch(`${apiBase}/exchange/catalogs/${catalogCode}/resource`, {
      method: 'POST',
      headers: { ...provider, 'content-type': 'application/x-ndjson' },
      body: populationFile(count, first),
    });
    const answer = await response.json();
    if (response.status !== 200 || answer.rejected.length > 0)
      throw new Error(`loading rows ${first}-${first + count - 1}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
    accepted += answer.accepted;
    if (rowsPerRequest < rows) log(`  ${accepted} rows`);
  }
  const seconds = (Date.now() - started) / 1000;

  const demand = {
    catalogCode,
    fields: dataCallFields,
    purpose: '压力测试',
    scenario: '压力测试',
    legalBasis: '压力测试',
    validFrom: '2020-01-01',
    validTo: '2099-12-31',
    expectedDailyVolume: 100_000_000,
  };
  const filed = await post('/exchange/demands', demand, consumer);
  await post(`/exchange/demands/${filed.id}/approve`, { fields: dataCallFields, dailyQuota: 100_000_000 }, provider);
  return { accepted, seconds };
}
