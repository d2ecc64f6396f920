import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	const running = (globalThis as Record<string, any>).__SOLAR_CAPTURE_MARIADB__;
	if (!running) return;
	await running.server.stop();
	if (!process.env.KEEP_TEST_SITES) fs.rmSync(running.dir, { recursive: true, force: true });
}
