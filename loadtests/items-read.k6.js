// k6 run -e BASE_URL=https://gateway.example.org loadtests/items-read.k6.js
// Reads published items by code through the gateway, the scenario `npm run bench` drives
// here with autocannon.
import http from 'k6/http';
import { check } from 'k6';

const base = __ENV.BASE_URL || 'http://127.0.0.1:3000';
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

export default function () {
  const code = codes[Math.floor(Math.random() * codes.length)];
  const response = http.get(`${base}/api/v1/items/${code}`, { tags: { name: 'GET /api/v1/items/{code}' } });
  check(response, {
    'status is 200': (r) => r.status === 200,
    'is the item asked for': (r) => r.json('code') === code,
  });
}
