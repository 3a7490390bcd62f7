// A local OpenID provider that behaves as NHS login does, for the demo and the end-to-end tests.
// Built on oidc-provider; Joined Up talks to it only through its NHS_LOGIN_* settings, exactly
// as it would to NHS login. See README.md in this folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Provider, { interactionPolicy } from 'oidc-provider';
import { identities } from './identities.js';

const port = Number(process.env.NHS_LOGIN_PROVIDER_PORT ?? 4000);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.NHS_LOGIN_CLIENT_ID ?? 'joined-up-local';
const redirectUri =
	process.env.NHS_LOGIN_REDIRECT_URI ?? 'http://localhost:3000/sign-in/nhs-login/callback';
/** The client's key pair: the private half is for the app, the public half is registered here. */
const clientKeyFile = path.resolve(
	process.env.NHS_LOGIN_PRIVATE_KEY_FILE ?? path.join('data', 'nhs-login', 'client-key.pem')
);

/** NHS login's levels, lowest first, and the vectors of trust it accepts for each. */
const levels = ['P0', 'P5', 'P9'];
const credentials = ['Cp.Cd', 'Cp.Ck', 'Cm'];
const vectors = levels.flatMap((level) => credentials.map((c) => `${level}.${c}`));
const trustmark = `${issuer}/trustmark/${new URL(issuer).host}`;

/** The client's key: made once (kept in the data folder, never committed), then reused. */
function clientPublicJwk() {
	if (!fs.existsSync(clientKeyFile)) {
		const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
		fs.mkdirSync(path.dirname(clientKeyFile), { recursive: true });
		const temporary = `${clientKeyFile}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
			mode: 0o600
		});
		fs.renameSync(temporary, clientKeyFile);
	}
	const publicKey = crypto.createPublicKey(fs.readFileSync(clientKeyFile));
	return { ...publicKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS512' };
}

/** The provider's own signing key, new at each start (its JWKS is published for the client). */
function providerSigningJwk() {
	const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	return { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS512', kid: 'local-1' };
}

/** Test people typed on the sign-in page, as NHS login's sandpit lets testers create them. */
const typedIdentities = new Map();
/** Levels raised by an identity check done here (an "uplift"), by subject. */
const upliftedTo = new Map();

function identityOf(sub) {
	const known = identities.find((identity) => identity.sub === sub) ?? typedIdentities.get(sub);
	if (!known) return undefined;
	return { ...known, level: upliftedTo.get(sub) ?? known.level };
}

/** The vectors the client asked for (`vtr`, a JSON array of strings); NHS login's default is P9. */
function requestedVectors(vtr) {
	if (!vtr) return ['P9.Cp.Cd', 'P9.Cp.Ck', 'P9.Cm'];
	try {
		const parsed = JSON.parse(vtr);
		if (Array.isArray(parsed) && parsed.every((vector) => vectors.includes(vector))) {
			return parsed;
		}
	} catch {
		// Falls through to the error below.
	}
	return null;
}

/** The highest requested vector this level meets (password and code), or null when none. */
function achievedVector(requested, level) {
	const met = requested.filter(
		(vector) => levels.indexOf(vector.slice(0, 2)) <= levels.indexOf(level)
	);
	met.sort((a, b) => levels.indexOf(b.slice(0, 2)) - levels.indexOf(a.slice(0, 2)));
	return met.find((vector) => vector.endsWith('Cp.Cd')) ?? met[0] ?? null;
}

// Someone already signed in here is asked to sign in again when their vector is not one the
// client asks for now (a step-up to P9), as NHS login does.
const policy = interactionPolicy.base();
policy.get('login').checks.add(
	new interactionPolicy.Check('vtr_not_met', 'the vector of trust asked for is not met', (ctx) => {
		const requested = requestedVectors(ctx.oidc.params.vtr) ?? [];
		const acr = ctx.oidc.session.acr;
		return acr && !requested.includes(acr)
			? interactionPolicy.Check.REQUEST_PROMPT
			: interactionPolicy.Check.NO_NEED_TO_PROMPT;
	})
);

const provider = new Provider(issuer, {
	clients: [
		{
			client_id: clientId,
			redirect_uris: [redirectUri],
			response_types: ['code'],
			grant_types: ['authorization_code'],
			token_endpoint_auth_method: 'private_key_jwt',
			token_endpoint_auth_signing_alg: 'RS512',
			id_token_signed_response_alg: 'RS512',
			jwks: { keys: [clientPublicJwk()] }
		}
	],
	jwks: { keys: [providerSigningJwk()] },
	clientAuthMethods: ['private_key_jwt'],
	enabledJWA: {
		clientAuthSigningAlgValues: ['RS512'],
		idTokenSigningAlgValues: ['RS512']
	},
	responseTypes: ['code'],
	pkce: { required: () => true },
	extraParams: ['vtr'],
	scopes: ['openid', 'profile', 'profile_extended', 'email', 'phone'],
	claims: {
		openid: ['sub', 'vot', 'vtm'],
		profile: ['nhs_number', 'family_name', 'birthdate', 'identity_proofing_level'],
		profile_extended: ['given_name'],
		email: ['email', 'email_verified'],
		phone: ['phone_number', 'phone_number_verified']
	},
	// NHS login puts what was asked for in the ID token itself.
	conformIdTokenClaims: false,
	features: {
		devInteractions: { enabled: false },
		pushedAuthorizationRequests: { enabled: false },
		userinfo: { enabled: true }
	},
	interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
	cookies: {
		names: {
			session: 'nhs_login_session',
			interaction: 'nhs_login_interaction',
			resume: 'nhs_login_resume'
		},
		keys: [crypto.randomBytes(32).toString('base64url')]
	},
	ttl: {
		AccessToken: 3600,
		AuthorizationCode: 60,
		IdToken: 3600,
		Interaction: 600,
		Session: 3600,
		Grant: 3600
	},
	async findAccount(ctx, sub, token) {
		const identity = identityOf(sub);
		if (!identity) return undefined;
		return {
			accountId: sub,
			async claims() {
				const proved = identity.level !== 'P0';
				return {
					sub,
					// What this sign-in achieved: the vector chosen at login, kept with the code.
					...(token?.acr ? { vot: token.acr, vtm: trustmark } : {}),
					...(proved
						? {
								nhs_number: identity.nhs_number,
								family_name: identity.family_name,
								given_name: identity.given_name,
								birthdate: identity.birthdate,
								identity_proofing_level: identity.level
							}
						: {}),
					...(identity.email ? { email: identity.email, email_verified: true } : {}),
					...(identity.phone_number
						? { phone_number: identity.phone_number, phone_number_verified: true }
						: {})
				};
			}
		};
	}
});

const escape = (text) =>
	String(text).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]
	);

function page(title, body) {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – NHS login (local test provider)</title>
<style>
body { font-family: Arial, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #212b32; background: #f0f4f5; margin: 0; }
header { background: #005eb8; color: #fff; padding: 1rem; font-weight: bold; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
legend { font-weight: bold; font-size: 1.375rem; margin-bottom: 0.5rem; }
.choice { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0; }
.choice input { width: 1.5rem; height: 1.5rem; flex: none; margin: 0.125rem 0 0; }
label { display: block; }
input[type=text] { font-size: 1.1875rem; padding: 0.25rem; border: 2px solid #4c6272; width: 100%; max-width: 20rem; box-sizing: border-box; }
.field { margin: 0.75rem 0; }
button { font-size: 1.1875rem; font-weight: bold; padding: 0.75rem 1rem; border: 0; border-radius: 4px; cursor: pointer; }
.primary { background: #007f3b; color: #fff; box-shadow: 0 4px 0 #00401e; }
.secondary { background: #4c6272; color: #fff; margin-top: 1rem; }
:focus-visible { outline: 4px solid #ffeb3b; box-shadow: 0 4px 0 #212b32; }
.error { border-left: 6px solid #d5281b; padding-left: 1rem; color: #212b32; background: #fff; }
.hint { color: #4c6272; margin: 0 0 0.25rem; }
</style>
</head>
<body>
<header>NHS login <span>(local test provider for Joined Up: not the real NHS login)</span></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

function signInPage(uid, asked, problem) {
	const choices = identities
		.map(
			(identity, index) => `<div class="choice">
<input type="radio" name="identity" id="identity-${index}" value="${escape(identity.sub)}"${index === 0 ? ' checked=""' : ''}>
<label for="identity-${index}">${escape(identity.label)}</label>
</div>`
		)
		.join('\n');
	return page(
		'Choose a test person',
		`<h1>Choose a test person</h1>
<p>The service asked for: ${escape(asked.join(', '))}.</p>
${problem ? `<div class="error" role="alert"><h2>There is a problem</h2><p>${escape(problem)}</p></div>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<fieldset>
<legend>Sign in as</legend>
${choices}
<div class="choice">
<input type="radio" name="identity" id="identity-typed" value="typed">
<label for="identity-typed">Someone else (type their details below)</label>
</div>
</fieldset>
<fieldset>
<legend>Someone else</legend>
<div class="field"><label for="given_name">First name</label><input type="text" id="given_name" name="given_name" autocomplete="off"></div>
<div class="field"><label for="family_name">Last name</label><input type="text" id="family_name" name="family_name" autocomplete="off"></div>
<div class="field"><label for="birthdate">Date of birth</label><p class="hint" id="birthdate-hint">As YYYY-MM-DD</p><input type="text" id="birthdate" name="birthdate" aria-describedby="birthdate-hint" autocomplete="off"></div>
<div class="field"><label for="nhs_number">NHS number</label><input type="text" id="nhs_number" name="nhs_number" inputmode="numeric" autocomplete="off"></div>
<div class="field"><label for="level">Identity proofing level (P0, P5 or P9)</label><input type="text" id="level" name="level" value="P9" autocomplete="off"></div>
</fieldset>
<fieldset>
<legend>Identity check</legend>
<div class="choice">
<input type="checkbox" name="uplift" id="uplift" value="P9">
<label for="uplift">Prove who I am to P9 now (as NHS login's photo ID check would)</label>
</div>
</fieldset>
<button class="primary" type="submit">Continue</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort">
<button class="secondary" type="submit">Do not share my details</button>
</form>`
	);
}

async function readForm(req) {
	let body = '';
	for await (const chunk of req) {
		body += chunk;
		if (body.length > 10_000) throw new Error('form too large');
	}
	return new URLSearchParams(body);
}

function send(res, status, html) {
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		'content-security-policy':
			"default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'"
	});
	res.end(html);
}

/** The person the form names: a listed test person, or one typed in (kept while this runs). */
function chosenIdentity(form) {
	const choice = form.get('identity');
	if (choice !== 'typed') return identityOf(choice ?? '') ? choice : null;
	const typed = {
		given_name: form.get('given_name')?.trim() ?? '',
		family_name: form.get('family_name')?.trim() ?? '',
		birthdate: form.get('birthdate')?.trim() ?? '',
		nhs_number: (form.get('nhs_number') ?? '').replace(/\s/g, ''),
		level: form.get('level')?.trim().toUpperCase() ?? ''
	};
	if (
		!typed.given_name ||
		!typed.family_name ||
		!/^\d{4}-\d{2}-\d{2}$/.test(typed.birthdate) ||
		!/^\d{10}$/.test(typed.nhs_number) ||
		!levels.includes(typed.level)
	) {
		return null;
	}
	// The same details always make the same person, so they can sign in again.
	const sub = `typed-${crypto
		.createHash('sha256')
		.update(`${typed.nhs_number}|${typed.birthdate}|${typed.family_name.toLowerCase()}`)
		.digest('hex')
		.slice(0, 32)}`;
	typedIdentities.set(sub, {
		...typed,
		sub,
		label: `${typed.given_name} ${typed.family_name}`,
		phone_number: undefined,
		email: undefined
	});
	upliftedTo.delete(sub);
	return sub;
}

async function interaction(req, res, uid, action) {
	const details = await provider.interactionDetails(req, res);
	if (details.uid !== uid)
		return send(res, 400, page('Expired', '<h1>This sign-in has expired</h1>'));
	const { prompt, params, session } = details;
	const asked = requestedVectors(params.vtr);
	if (!asked) {
		return provider.interactionFinished(req, res, {
			error: 'invalid_request',
			error_description: 'vtr is not a list of vectors of trust NHS login knows'
		});
	}

	if (prompt.name === 'consent') {
		// The person agrees to share their details with the service, as on NHS login's page.
		const grant = details.grantId
			? await provider.Grant.find(details.grantId)
			: new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
		if (prompt.details.missingOIDCScope)
			grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
		if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
		const grantId = await grant.save();
		return provider.interactionFinished(
			req,
			res,
			{ consent: { grantId } },
			{ mergeWithLastSubmission: true }
		);
	}

	if (req.method === 'GET') return send(res, 200, signInPage(uid, asked));
	const form = await readForm(req);
	if (action === 'abort') {
		return provider.interactionFinished(req, res, {
			error: 'access_denied',
			error_description: 'The user did not agree to share their details'
		});
	}
	const sub = chosenIdentity(form);
	if (!sub)
		return send(
			res,
			400,
			signInPage(uid, asked, 'Choose a test person, or type all of their details.')
		);
	if (form.get('uplift') === 'P9') upliftedTo.set(sub, 'P9');
	const vot = achievedVector(asked, identityOf(sub).level);
	if (!vot) {
		return send(
			res,
			400,
			signInPage(
				uid,
				asked,
				'This person has not proved who they are to the level asked. Tick the identity check to prove it now.'
			)
		);
	}
	return provider.interactionFinished(
		req,
		res,
		{ login: { accountId: sub, acr: vot, amr: ['pwd', 'otp'] } },
		{ mergeWithLastSubmission: false }
	);
}

const handleOidc = provider.callback();
const server = http.createServer(async (req, res) => {
	const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(req.url?.split('?')[0] ?? '');
	if (!match) return handleOidc(req, res);
	try {
		await interaction(req, res, match[1], match[2]);
	} catch (error) {
		console.error(error);
		send(
			res,
			400,
			page(
				'Something went wrong',
				'<h1>This sign-in cannot go on</h1><p>Go back to the service and start again.</p>'
			)
		);
	}
});
server.listen(port, '127.0.0.1', () => {
	console.log(`Local NHS login provider on ${issuer} for client ${clientId}`);
	console.log(`  its private key (for the app): ${clientKeyFile}`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
	process.on(signal, () => server.close(() => process.exit(0)));
