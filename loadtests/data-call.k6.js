// The data-call mix (80 % query, 20 % verify) against any deployment. First make the
// catalog, its rows and the consumer's docking entry (see the top of that file):
//   node loadtests/prepare-data-call.mjs
// then:
//   k6 run -e BASE_URL=https://gateway.example.org -e ISSUER=https://id.example.org/oidc \
//          -e CLIENT_ID=health-system -e CLIENT_SECRET=... -e CATALOG=LOADTEST-POPULATION \
//          loadtests/data-call.k6.js
// The gateway limits each app's rate (RATE_LIMIT_APP_PER_SECOND per replica): give the app
// the test runs as a rate of its own above the target (RATE_LIMIT_APPS), or the excess is 429.
// The keys are the ID numbers of the first ROWS (default 100,000) rows that
// prepare-data-call.mjs and `npm run bench:data-call` load; KEYS names a file of ID numbers
// present in another catalog's resource instead, one per line.
import http from 'k6/http';
import encoding from 'k6/encoding';
import { check, fail } from 'k6';
import { SharedArray } from 'k6/data';

const base = __ENV.BASE_URL || 'http://127.0.0.1:3000';
const issuer = __ENV.ISSUER || 'http://127.0.0.1:3001/oidc';
const catalog = __ENV.CATALOG || 'LOADTEST-POPULATION';
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function residentId(index) {
  const day = new Date(Date.UTC(1950, 0, 1) + (index % 25000) * 86400000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `1501${String(index % 100).padStart(2, '0')}${day}${String(Math.floor(index / 25000) % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body[i]) * weights[i];
  return body + '10X98765432'[sum % 11];
}

const keys = new SharedArray('keys', () =>
  __ENV.KEYS ? open(__ENV.KEYS).split('\n').filter(Boolean) : Array.from({ length: Number(__ENV.ROWS || 100000) }, (_, i) => residentId(i)),
);

export const options = {
  scenarios: {
    data_calls: {
      executor: 'ramping-arrival-rate',
      startRate: 500,
      timeUnit: '1s',
      preAllocatedVUs: 100,
      maxVUs: 1000,
      stages: [
        { duration: '30s', target: 2000 },
        { duration: '2m', target: 5000 },
        { duration: '30s', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{kind:query}': ['p(99)<25'],
    'http_req_duration{kind:verify}': ['p(99)<25'],
  },
};

export function setup() {
  const response = http.post(`${issuer}/token`, { grant_type: 'client_credentials', scope: 'data:call' }, {
    headers: { Authorization: `Basic ${encoding.b64encode(`${encodeURIComponent(__ENV.CLIENT_ID || 'health-system')}:${encodeURIComponent(__ENV.CLIENT_SECRET || 'demo-secret-health-change-me')}`)}` },
  });
  if (response.status !== 200) fail(`token request failed: ${response.status} ${response.body}`);
  return { token: response.json('access_token') };
}

export default function (data) {
  const key = keys[Math.floor(Math.random() * keys.length)];
  const headers = { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' };
  if (Math.random() < 0.8) {
    const response = http.post(`${base}/api/v1/data/${catalog}/query`, JSON.stringify({ keys: { id_number: key }, fields: ['full_name', 'birth_date'], purpose: 'load test' }), { headers, tags: { kind: 'query' } });
    check(response, { 'query answered': (r) => r.status === 200 });
  } else {
    const response = http.post(`${base}/api/v1/data/${catalog}/verify`, JSON.stringify({ keys: { id_number: key }, values: { full_name: 'x' }, purpose: 'load test' }), { headers, tags: { kind: 'verify' } });
    check(response, { 'verify answered': (r) => r.status === 200 });
  }
}
