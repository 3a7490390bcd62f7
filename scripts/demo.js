// `npm run demo` after the build: the local NHS login provider (nhs-login-provider/) on
// loopback, 1000 ports above the app, and the app in demo mode, configured to use it exactly as
// it would NHS login. Either ending ends both.
import { spawn } from 'node:child_process';
import path from 'node:path';

const port = Number(process.env.PORT ?? 3000);
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
const providerPort = Number(process.env.NHS_LOGIN_PROVIDER_PORT ?? port + 1000);
const nhsLogin = {
	NHS_LOGIN_ISSUER: process.env.NHS_LOGIN_ISSUER ?? `http://127.0.0.1:${providerPort}`,
	NHS_LOGIN_CLIENT_ID: process.env.NHS_LOGIN_CLIENT_ID ?? 'joined-up-demo',
	NHS_LOGIN_PRIVATE_KEY_FILE:
		process.env.NHS_LOGIN_PRIVATE_KEY_FILE ?? path.join('data', 'nhs-login-demo-key.pem'),
	NHS_LOGIN_REDIRECT_URI:
		process.env.NHS_LOGIN_REDIRECT_URI ?? `${origin}/sign-in/nhs-login/callback`
};

const children = [
	spawn(process.execPath, ['nhs-login-provider/server.js'], {
		stdio: 'inherit',
		env: { ...process.env, ...nhsLogin, NHS_LOGIN_PROVIDER_PORT: String(providerPort) }
	}),
	spawn(process.execPath, ['build'], {
		stdio: 'inherit',
		env: { ...process.env, ...nhsLogin, JOINED_UP_DEMO: 'true', ORIGIN: origin }
	})
];
for (const child of children) {
	child.on('exit', (code) => {
		for (const other of children) if (other !== child) other.kill('SIGTERM');
		process.exitCode = code ?? 0;
	});
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
