// A load balancer for the several-instances run (playwright.postgres.config.ts), as a hosting's
// would be: each request goes to the next instance in turn, so a journey's pages, and fifty
// presses of one button, are answered by both. Loopback only; stops with its process.
import http from 'node:http';

const [port, ...targets] = process.argv.slice(2).map(Number);
let next = 0;
http
	.createServer((request, response) => {
		const target = targets[next++ % targets.length];
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: target,
				path: request.url,
				method: request.method,
				headers: request.headers
			},
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
				answer.pipe(response);
			}
		);
		upstream.on('error', () => {
			if (!response.headersSent) response.writeHead(502);
			response.end();
		});
		request.pipe(upstream);
	})
	.listen(port, '127.0.0.1');
