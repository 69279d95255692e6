/**
 * The benchmark's yardstick: a bare Express endpoint that parses the same JSON request and answers
 * with the same bytes the service answered — the limit of the stack (Node + Express + JSON).
 * Routes are set at runtime with POST /__set {method, path, body}.
 */
import express from 'express';

const responses = new Map<string, string>();
const app = express();
app.disable('x-powered-by');
app.post('/__set', express.json({ limit: '50mb' }), (req, res) => {
  const { method, path, body } = req.body as { method: string; path: string; body: string };
  responses.set(`${method} ${path}`, body);
  res.json({ ok: true });
});
const answer = (req: express.Request, res: express.Response) => {
  const body = responses.get(`${req.method} ${req.path}`);
  if (body === undefined) return res.status(404).end();
  res.type('application/json').send(body);
};
app.get(/.*/, answer);
app.post(/.*/, express.json({ limit: '5mb', type: ['application/json'] }), answer);

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare listening on port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
