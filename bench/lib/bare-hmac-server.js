'use strict';
// Baseline for the sidecar benchmark: a bare express handler that only checks a Cal.com HMAC and answers.
const crypto = require('node:crypto');
const express = require('express');

const secret = process.env.SECRET;
const app = express();
app.post('/ingest/calcom', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
	const expected = crypto.createHmac('sha256', secret).update(req.body).digest();
	const given = Buffer.from(String(req.get('x-cal-signature-256') || ''), 'hex');
	const ok = given.length === expected.length && crypto.timingSafeEqual(given, expected);
	res.status(ok ? 200 : 401).json({ status: ok ? 'ok' : 'rejected' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
