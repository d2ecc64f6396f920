'use strict';
// Logs in to wp-admin as a browser would and returns headers for the REST API (cookies + nonce).
async function wpSession(url, user, password) {
	const cookies = new Map([['wordpress_test_cookie', 'WP%20Cookie%20check']]);
	const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	const keep = (response) => {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			cookies.set(pair.slice(0, at), pair.slice(at + 1));
		}
	};
	const login = await fetch(`${url}/wp-login.php`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
		body: new URLSearchParams({ log: user, pwd: password, 'wp-submit': 'Log In', testcookie: '1' }),
		redirect: 'manual',
	});
	keep(login);
	if (login.status !== 302) throw new Error(`could not log in as ${user} (HTTP ${login.status})`);
	const nonce = (await (await fetch(`${url}/wp-admin/admin-ajax.php?action=rest-nonce`, { headers: { cookie: header() } })).text()).trim();
	return { cookie: header(), nonce, headers: { cookie: header(), 'x-wp-nonce': nonce }, cookies };
}

module.exports = { wpSession };
