// Starts one throw-away site (real WordPress, SQLite, sidecar) for the browser tests and seeds a booking.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startStack, postCalcom } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

export const STATE = path.join(__dirname, '..', '..', 'test-results', 'e2e-site.json');

export default async function globalSetup(): Promise<() => Promise<void>> {
	const stack = await startStack();
	const booked = bookingCreated({ email: 'avery.booked@example.org', name: 'Avery Booked' });
	const response = await postCalcom(stack.site, booked.body, stack.site.secrets.calcom);
	if (response.status !== 200) throw new Error(`seeding the booked lead failed: ${response.status} ${JSON.stringify(response.json)}`);
	fs.mkdirSync(path.dirname(STATE), { recursive: true });
	fs.writeFileSync(STATE, JSON.stringify({ ...stack.site, seeded: { email: booked.email, name: 'Avery Booked' } }));
	return async () => {
		await stack.stop();
	};
}
