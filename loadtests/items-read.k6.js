// k6 run -e BASE_URL=https://gateway.example.org -e ISSUER=https://id.example.org/oidc \
//        -e CLIENT_ID=health-system -e CLIENT_SECRET=... loadtests/items-read.k6.js
// Reads published items by code through the gateway with a department app's token, the
// scenario `npm run bench` drives here with autocannon.
import http from 'k6/http';
import encoding from 'k6/encoding';
import { check, fail } from 'k6';

const base = __ENV.BASE_URL || 'http://127.0.0.1:3000';
const issuer = __ENV.ISSUER || 'http://127.0.0.1:3001/oidc';
const clientId = __ENV.CLIENT_ID || 'health-system';
const clientSecret = __ENV.CLIENT_SECRET || 'demo-secret-health-change-me';
const codes = ['150000-HEALTH-0001', '150000-HEALTH-0002', '150000-PUBLIC_SECURITY-0001', '150000-MEDICAL_INSURANCE-0001', '150000-TAX-0001', '150000-HRSS-0001'];

export const options = {
  scenarios: {
    read_items: {
      executor: 'ramping-arrival-rate',
      startRate: 100,
      timeUnit: '1s',
      preAllocatedVUs: 50,
      maxVUs: 400,
      stages: [
        { duration: '30s', target: 1000 },
        { duration: '1m', target: 3000 },
        { duration: '30s', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(99)<50'],
  },
};

/** One client-credentials token for the whole run (it lives 10 minutes; keep runs shorter). */
export function setup() {
  const response = http.post(`${issuer}/token`, { grant_type: 'client_credentials', scope: 'items:read' }, {
    headers: { Authorization: `Basic ${encoding.b64encode(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}` },
  });
  if (response.status !== 200) fail(`token request failed: ${response.status} ${response.body}`);
  return { token: response.json('access_token') };
}

export default function (data) {
  const code = codes[Math.floor(Math.random() * codes.length)];
  const response = http.get(`${base}/api/v1/items/${code}`, {
    headers: { Authorization: `Bearer ${data.token}` },
    tags: { name: 'GET /api/v1/items/{code}' },
  });
  check(response, {
    'status is 200': (r) => r.status === 200,
    'is the item asked for': (r) => r.json('code') === code,
  });
}
