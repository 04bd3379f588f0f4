#!/usr/bin/env node
// The baseline for `npm run bench`: a bare Fastify route returning a constant, on this machine.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { code: '150000-HEALTH-0001', name: '出生医学证明办理', status: 'published' };
app.get('/constant', async () => body);
await app.listen({ port: Number(process.env.PORT ?? 3901), host: '127.0.0.1' });
process.stdout.write('ready\n');
